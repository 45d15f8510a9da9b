"""Issue 22, done when: importing the documented layout with ``flask import-patrimoine``, then
a snapshot (``flask diagnostic-instantane``), gives a commune a ``besoin_patrimoine`` with a
non-zero ``couverture_patrimoine`` in the ranking CSV — once enough communes have an
inventory (the existing rule: ``part_minimale_rang`` of ponderations.toml, half of them).

The file is generated here in the documented layout (one item per commune for 200 of the
Lot's 312 communes, states in turn); it is test data, not a real inventory."""

from __future__ import annotations

import csv
import io

from sqlmodel import Session, select

from tests.conftest import login
from village_avenir.models import Commune

ETATS = ("bon", "moyen", "mauvais", "peril")


def codes(app):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return sorted(s.exec(select(Commune.code_insee)).all())


def ranking(client) -> dict[str, dict]:
    text = client.get("/diagnostic/classement.csv").get_data(as_text=True).lstrip("\ufeff")
    return {r["code_insee"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_an_imported_inventory_enters_the_ranking_after_a_snapshot(users_app, tmp_path):
    app = users_app
    all_codes = codes(app)
    inventoried, absent = all_codes[:200], all_codes[200:]
    lines = ["code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source"]
    for i, code in enumerate(inventoried):
        lines.append(f"{code};Lavoir n° {i};lavoir;non_protege;{ETATS[i % 4]};;;2026-05-12;essai")
    path = tmp_path / "inventaire.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    client = app.test_client()
    login(client, "ingenieur")
    before = ranking(client)
    assert all(r["couverture_patrimoine"] in ("", "0,00") for r in before.values())

    result = run(app, "import-patrimoine", str(path))
    assert result.exit_code == 0, result.output
    assert "200 éléments créés" in result.output
    assert run(app, "diagnostic-instantane").exit_code == 0

    after = ranking(client)
    shown = [c for c in inventoried if c in after]
    assert shown, "aucune commune inventoriée dans le classement"
    for code in shown:
        assert after[code]["besoin_patrimoine"] != ""
        assert float(after[code]["couverture_patrimoine"].replace(",", ".")) > 0
    # a commune in peril has more need than one in good state (same type, owner, use)
    by_state = {
        ETATS[inventoried.index(c) % 4]: float(after[c]["besoin_patrimoine"].replace(",", "."))
        for c in shown
    }
    assert by_state["peril"] > by_state["bon"]
    # an import never invents zeros: the communes absent from the file stay « à évaluer »
    for code in (c for c in absent if c in after):
        assert after[code]["besoin_patrimoine"] == ""
        assert after[code]["couverture_patrimoine"] in ("", "0,00")


def test_a_bad_line_refuses_the_whole_file(users_app, tmp_path):
    path = tmp_path / "inventaire.csv"
    path.write_text(
        "code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source\n"
        "46001;Four;four;non_protege;bon;;;2026-05-12;essai\n"
        "99999;Croix;croix;non_protege;bon;;;2026-05-12;essai\n"
        "46003;" + "N" * 300 + ";four;non_protege;bon;;;2026-05-12;essai\n",
        encoding="utf-8",
    )
    result = run(users_app, "import-patrimoine", str(path))
    assert result.exit_code != 0
    assert "Ligne 3 : commune « 99999 » inconnue" in result.output
    assert "Ligne 4 : Le nom compte 300 caractères" in result.output
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        from village_avenir.models import PatrimoineElement

        assert s.exec(select(PatrimoineElement)).all() == []
