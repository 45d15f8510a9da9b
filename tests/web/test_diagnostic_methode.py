"""Issue 24, points 3 to 7, on the pages and the snapshot: stabilised rates, undated hours,
rank ranges (ranking, CSV, sheet), the global formula, the Lot's own figures beside the
medians, the INSEE figures now used, the two populations and the France services vintage."""

import csv
import io
import re

import pytest

from tests.conftest import login, shared_file
from village_avenir.db import get_session
from village_avenir.services import diagnostic as diag
from village_avenir.services.diagnostic.rangs import classement_rows


@pytest.fixture
def ing(diag_users_app):
    client = diag_users_app.test_client()
    login(client, "ingenieur")
    return client


def _content(app) -> dict:
    with app.app_context():
        return diag.view_content(get_session())[1]


def _row(content: dict, code: str, ident: str) -> list:
    return next(r for r in content["communes"][code]["detail"] if r[0] == ident)


def _comparateur() -> dict[str, dict[str, str]]:
    path = shared_file(
        "data", "sources", "insee_comparateur_2025", "insee_base_cc_comparateur_2025_lot46.csv"
    )
    with path.open(encoding="utf-8-sig") as fh:
        return {r["CODGEO"]: r for r in csv.DictReader(fh, delimiter=";")}


def test_saint_hilaire_is_no_longer_better_served_than_cahors(diag_users_app, ing):
    content = _content(diag_users_app)
    small = _row(content, "46269", "services_publics_par_habitant")
    cahors = _row(content, "46042", "services_publics_par_habitant")
    # its single establishment is its town hall: taken off, raw rate 0, need above Cahors'
    assert small[11] == 0 and small[3] > cahors[3]
    assert 0 < small[1] < cahors[1]  # stabilised towards its band, still under Cahors
    assert "mairie" in small[12] and "population + 500" in small[12]
    html = ing.get("/communes/46269").get_data(as_text=True)
    cell = re.search(r'data-indicateur="services_publics_par_habitant".*?</tr>', html, re.S)
    assert "taux brut 0" in cell.group(0) and "valeur stabilisée" in cell.group(0)


def test_undated_town_hall_hours_are_shown_not_scored(diag_users_app, ing):
    content = _content(diag_users_app)
    row = _row(content, "46001", "heures_mairie")
    assert row[1] is not None and row[9] == "non_date" and row[6] is None
    assert "heures_mairie" not in content["indicateurs_classes"]
    html = ing.get("/communes/46001").get_data(as_text=True)
    cell = re.search(r'data-indicateur="heures_mairie".*?</tr>', html, re.S).group(0)
    assert "non daté" in cell and "pts" not in cell


def test_sheet_shows_the_lots_vacancy_beside_the_median(diag_users_app, ing):
    html = ing.get("/communes/46001").get_data(as_text=True)
    row = re.search(r'data-portrait-ligne="taux_vacance".*?</tr>', html, re.S).group(0)
    lot = re.search(r"data-lot>([^<]*)<", row).group(1)
    assert lot.strip() == "10,2 %"
    assert "7,7 %" in row  # the median of the communes, next to it
    assert "Lot (ensemble)" in html and "Médiane des communes du Lot" in html
    # owner-occupiers: INSEE gives the Lot 70.3 %
    row = re.search(r'data-portrait-ligne="proprietaires_occupants".*?</tr>', html, re.S)
    assert "70,3 %" in re.search(r"data-lot>([^<]*)<", row.group(0)).group(1)


def test_new_insee_figures_are_context_with_their_reason(diag_users_app, ing):
    src = _comparateur()["46042"]
    content = _content(diag_users_app)
    ctx = content["communes"]["46042"]["contexte"]
    num = float(src["P22_CHOM1564"].replace(",", "."))
    den = float(src["P22_ACT1564"].replace(",", "."))
    assert ctx["taux_chomage"][0] == pytest.approx(num / den * 100)
    pop22, pop16 = float(src["P22_POP"]), float(src["P16_POP"])
    natural = float(src["NAIS1621"]) - float(src["DECE1621"])
    expected = ((pop22 - pop16) - natural) / 6 / pop22 * 1000
    assert ctx["solde_migratoire"][0] == pytest.approx(expected)
    assert ctx["naissances_2024"][:2] == [float(src["NAISD24"]), "2024"]
    jobs = (float(src["P22_EMPLT"]) / float(src["P16_EMPLT"])) ** (1 / 6) - 1
    assert ctx["evolution_emplois"][0] == pytest.approx(jobs * 100)
    html = ing.get("/communes/46042").get_data(as_text=True)
    for ident in ("taux_chomage", "evolution_emplois", "solde_migratoire", "deces_2024"):
        assert f'data-contexte="{ident}"' in html


def test_france_services_is_dated_2023_and_two_populations_explained(diag_users_app, ing):
    content = _content(diag_users_app)
    row = _row(content, "46001", "distance_france_services")
    assert row[7] == "2023" and "COG 2023" in row[8]
    html = ing.get("/communes/46001").get_data(as_text=True)
    assert "data-deux-populations" in html and "recensement 2022" in html


def test_rank_ranges_on_the_ranking_its_csv_and_the_sheet(diag_users_app, ing):
    html = ing.get("/diagnostic/classement").get_data(as_text=True)
    rows = re.findall(
        r'<tr data-code="(\d{5})"><td>(\d+) / \d+</td>.*?<td data-plage>([^<]*)</td>', html, re.S
    )
    assert len(rows) > 100
    widths = []
    for _code, rang, plage in rows:
        lo, hi = (int(x) for x in re.findall(r"\d+", plage)) if "à" in plage else (int(rang),) * 2
        assert lo <= int(rang) <= hi
        widths.append(hi - lo)
    assert max(widths) > 0  # weights do move some ranks
    text = ing.get("/diagnostic/classement.csv").get_data(as_text=True)
    lines = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    ranked = [r for r in lines if r["rang"].isdigit()]
    assert ranked and all(
        int(r["rang_le_meilleur_poids_50"])
        <= int(r["rang"])
        <= int(r["rang_le_moins_bon_poids_50"])
        for r in ranked
    )
    with diag_users_app.app_context():
        ranking = classement_rows(get_session(), _rules())
    first = ranking.lignes[0]
    code = first.assessment.commune.code_insee
    lo, hi = ranking.classement.plages[code]
    page = ing.get(f"/communes/{code}").get_data(as_text=True)
    plage = re.search(r"<p data-plage>([^<]*)</p>", page).group(1)
    if lo == hi:
        assert "rang inchangé quand un poids varie de ±50 %" in plage
    else:
        assert f"entre les rangs {lo} et {hi} quand un poids varie de ±50 %" in plage
    formula = re.search(r"<p class=\"formule\" data-formule>(.*?)</p>", page, re.S).group(1)
    terms = re.findall(r"([\d,]+) × ([\d,]+)", formula)
    assert len(terms) == 2  # logement and services (heritage is « à évaluer »)
    value = lambda t: float(t.replace(",", ".").replace("\u202f", ""))  # noqa: E731
    total = sum(value(w) for w, _ in terms)
    expected = sum(value(w) * value(s) for w, s in terms) / total
    shown = value(re.search(r"= ([\d,]+) ;", formula).group(1))
    assert shown == pytest.approx(expected, abs=0.1)
    assert shown == pytest.approx(first.scores.score_global, abs=0.05)


def _rules():
    from village_avenir.parametres import load_regles

    return load_regles()


def test_weights_page_gives_each_default_weight_its_reason(ing):
    from village_avenir.parametres import load_ponderation_defaut

    html = ing.get("/diagnostic/ponderation").get_data(as_text=True)
    raisons = load_ponderation_defaut().raisons
    for ident in ("logement", "taux_vacance", "heures_mairie", "residences_secondaires"):
        small = re.search(rf'<small class="aide" id="r_{ident}" data-raison>([^<]*)</small>', html)
        assert small and raisons[ident].replace("'", "&#39;") in small.group(1)
        assert f'aria-describedby="r_{ident}"' in html
    assert "Poids par défaut 0,5 :" in html  # residences_secondaires
