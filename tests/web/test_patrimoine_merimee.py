"""``flask import-patrimoine --format merimee``: protected buildings become items « non
évalué », mapped to the current commune, idempotent on the Mérimée reference. The fixture is
hand-made in the POP export's layout (``|``, UTF-8, HERITAGE_REFERENCES.md §4 columns)."""

from __future__ import annotations

from sqlmodel import Session, select

from tests.sources.test_patrimoine_readers import MERIMEE
from village_avenir.models import PatrimoineElement


def elements(app):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return s.exec(select(PatrimoineElement).order_by(PatrimoineElement.ref_merimee)).all()


def test_merimee_import_is_idempotent_and_leaves_states_to_the_visit(users_app, tmp_path):
    path = tmp_path / "merimee.csv"
    # a row of another département: ignored (the national file covers France)
    path.write_text(
        MERIMEE + "PA00088888|église|Église de Rodez|Rodez|12202|classé MH||\n", encoding="utf-8"
    )
    runner = users_app.test_cli_runner()
    first = runner.invoke(args=["import-patrimoine", "--format", "merimee", str(path)])
    assert first.exit_code == 0, first.output
    assert "2 éléments créés" in first.output and "1 lignes ignorées" in first.output
    rows = elements(users_app)
    assert [
        (r.code_insee, r.ref_merimee, r.type, r.protection, r.etat, r.proprietaire) for r in rows
    ] == [
        ("46001", "PA00094978", "eglise", "mh_inscrit", "non_evalue", "commune"),
        ("46001", "PA00095000", "autre", "mh_classe", "non_evalue", "prive"),
    ]
    assert rows[0].nom == "Église Saint-Martin" and rows[1].type_autre == "dolmen"
    again = runner.invoke(args=["import-patrimoine", "--format", "merimee", str(path)])
    assert "0 éléments créés" in again.output and "2 inchangés" in again.output
    assert len(elements(users_app)) == 2
