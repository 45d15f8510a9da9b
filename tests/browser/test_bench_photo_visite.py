"""``scripts/bench_photo_visite.py --petit`` runs once in the suite, so that it cannot rot: it
reduces a photo in Chromium, reads back what was kept, and measures the visit page on the
emulated rural link."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM
from tests.conftest import ROOT, require

pytestmark = pytest.mark.browser


def test_the_photo_bench_runs_small():
    require(Path(CHROMIUM).exists(), f"Chromium absent ({CHROMIUM})")
    run = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(ROOT / "scripts" / "bench_photo_visite.py"), "--petit"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    lines = re.findall(r"Réduction sur le téléphone, .*: (\d+,\d+) s .*→ ([\d ,\u202f]+) Ko, "
                       r"(\d+) × (\d+) px, position 44,4475\d, 1,4416\d", out)  # fmt: skip
    assert len(lines) == 2, out
    for _, octets, largeur, hauteur in lines:
        assert float(octets.replace("\u202f", "").replace(",", ".")) <= 500
        assert max(int(largeur), int(hauteur)) <= 1600
    assert re.search(r"Page de visite, lien rural émulé .*1re visite \d+,\d Ko en \d+,\d\d s", out)
    assert "Cibles :" in out
