"""Every script in ``scripts/`` runs once, small, in the suite, so that none can rot.

``SMOKE`` gives each script its small-mode arguments; a script added to ``scripts/`` without
an entry fails ``test_every_script_has_a_smoke_run``. Each run is a real subprocess with the
project's Python, as a person would type it; it must exit 0 and print its figures (a line
that is not empty). Scripts driving Chromium are skipped without it (failed under
``VILLAGE_AVENIR_REQUIRE_ALL=1``, as the browser tests are); ``test_postgres.sh`` is what
``.ci/run`` uses to start PostgreSQL and is exercised there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, require

SCRIPTS = ROOT / "scripts"
CHROMIUM = (
    os.environ.get("VILLAGE_AVENIR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)

# script → (arguments of its small mode, needs Chromium)
SMOKE: dict[str, tuple[list[str], bool]] = {
    "analyse_diagnostic.py": (["--petit"], False),
    "bench_commission.py": (["--repetitions", "1"], False),
    "bench_journal.py": (["--petit"], False),
    "bench_http.py": (
        ["--clients", "2", "--duree", "1", "--echauffement", "0", "--phases", "fiche,api"],
        False,
    ),
    "bench_maps.py": (["--repetitions", "1"], False),
    "bench_pages.py": (["--pages", "carte"], True),
    "bench_photo_visite.py": (["--petit"], True),
    "bench_plans_apercu.py": (["--petit"], False),
    "bench_projet_pdf.py": (["--petit"], False),
    "bench_scoring.py": (["--petit"], False),
    "build_communes.py": (["--departement", "46", "--sortie", "{tmp}"], False),
    "build_indicateurs.py": (["--sortie", "{tmp}/46.csv"], False),
}
# Run by .ci/run itself (it starts the PostgreSQL server the suite uses).
NOT_PYTHON = {"test_postgres.sh"}


def test_every_script_has_a_smoke_run():
    scripts = {p.name for p in SCRIPTS.iterdir() if p.is_file()} - NOT_PYTHON
    assert scripts - set(SMOKE) == set(), "script sans petit mode dans tests/test_scripts.py"
    assert set(SMOKE) - scripts == set(), "entrée de SMOKE sans script"


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(SMOKE))
def test_script_runs_small(script, tmp_path):
    args, chromium = SMOKE[script]
    if chromium:
        require(Path(CHROMIUM).exists(), f"Chromium absent ({CHROMIUM}) : apt-get install chromium")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.setdefault("VILLAGE_AVENIR_ENV", "developpement")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = subprocess.run(  # noqa: S603  the project's own scripts, fixed arguments
        [sys.executable, str(SCRIPTS / script), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (
        f"{script} a échoué :\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    assert done.stdout.strip(), f"{script} n'a rien affiché"
