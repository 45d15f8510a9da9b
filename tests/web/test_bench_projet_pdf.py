"""The projet stratégique PDF benchmark runs in its small mode (``--petit``) and prints its
figures; the target (≤ 2 s) is checked by running the script itself, not here."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def test_bench_projet_pdf_small_mode(capsys):
    spec = importlib.util.spec_from_file_location("bench_projet_pdf",
                                                  ROOT / "scripts" / "bench_projet_pdf.py")  # fmt: skip
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.main(["--petit"])
    out = capsys.readouterr().out
    assert "PDF du projet stratégique de Saint-Cirq-Lapopie" in out and "meilleur temps" in out
    assert figures["actions"] >= 1 and figures["pages"] >= 3 and figures["octets"] > 10_000
    assert figures["secondes"] > 0
