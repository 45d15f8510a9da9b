"""Imports through the flask CLI, end to end: one transaction, line numbers, audit trail.

Inline fixtures are hand-made and follow the real formats exactly (header of
``data/communes/programmes.csv``; header and quoting of the ANCT table).
"""

from sqlalchemy import func
from sqlmodel import Session, select

from tests.conftest import shared_file
from village_avenir.models import Adhesion, Commune, Journal

HEADER = "code_insee,nom,programme,niveau_preuve,source,source_url,date_source,preuve\n"


def counts(app):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return (
            s.exec(select(func.count()).select_from(Adhesion)).one(),
            s.exec(select(func.count()).select_from(Journal)).one(),
            s.exec(select(func.count()).select_from(Commune)).one(),
        )


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_init_db_loads_the_lot_once(fresh_app):
    first = run(fresh_app, "init-db")
    assert first.exit_code == 0, first.output
    assert "Communes :" in first.output and "Adhésions aux dispositifs : 87" in first.output
    before = counts(fresh_app)
    assert before[2] == 312 and before[0] == 87
    assert "créez le premier administrateur" in first.output
    second = run(fresh_app, "init-db")
    assert second.exit_code == 0 and "déjà initialisée (312 communes)" in second.output
    assert counts(fresh_app) == before


def test_malformed_programme_file_is_refused_whole(loaded_fresh_app, tmp_path):
    path = tmp_path / "adhesions.csv"
    path.write_text(
        HEADER
        + "46001,Albas,bco,confirme,Délibération,,2024,ok\n"
        + "46003,Anglars-Juillac,bco,confirme,Délibération,,2024,ok\n"
        + "46005,Arcambal,bco,pas-un-niveau,Délibération,,2024,ok\n",
        encoding="utf-8",
    )
    before = counts(loaded_fresh_app)
    result = run(loaded_fresh_app, "import-programmes", str(path))
    assert result.exit_code != 0
    assert "Ligne 4" in result.output and "aucune donnée n'a été importée" in result.output
    assert counts(loaded_fresh_app) == before


def test_unknown_commune_refuses_the_whole_file_in_one_transaction(loaded_fresh_app, tmp_path):
    path = tmp_path / "adhesions.csv"
    path.write_text(
        HEADER
        + "46001,Albas,bco,confirme,Délibération,,2024,ok\n"
        + "46999,Inconnue,bco,confirme,Délibération,,2024,ok\n",
        encoding="utf-8",
    )
    before = counts(loaded_fresh_app)
    result = run(loaded_fresh_app, "import-programmes", str(path))
    assert result.exit_code != 0 and "Ligne 3" in result.output and "46999" in result.output
    assert counts(loaded_fresh_app) == before  # the valid line 2 was not kept either


def test_old_code_is_imported_on_the_current_commune(loaded_fresh_app, tmp_path):
    path = tmp_path / "adhesions.csv"
    path.write_text(HEADER + "46217,Pern,acbmc,confirme,Test,,2024,preuve\n", encoding="utf-8")
    result = run(loaded_fresh_app, "import-programmes", str(path))
    assert result.exit_code == 0, result.output
    assert "commune déléguée" in result.output
    resp = loaded_fresh_app.test_client().get("/api/communes/46172").json
    assert resp["eligibilite"]["statut"] == "non_eligible"


def test_reimport_is_idempotent_and_changes_are_journaled(loaded_fresh_app, tmp_path):
    path = tmp_path / "adhesions.csv"
    path.write_text(HEADER + "46001,Albas,bco,weak_probable,Presse,,2024,x\n", encoding="utf-8")
    assert run(loaded_fresh_app, "import-programmes", str(path)).exit_code == 0
    again = run(loaded_fresh_app, "import-programmes", str(path))
    assert "0 créées, 0 modifiées, 1 inchangées" in again.output
    path.write_text(HEADER + "46001,Albas,bco,strong_signed,Presse,,2024,x\n", encoding="utf-8")
    changed = run(loaded_fresh_app, "import-programmes", str(path))
    assert "1 modifiées" in changed.output
    with Session(loaded_fresh_app.extensions["village_avenir.engine"]) as s:
        entry = s.exec(
            select(Journal).where(Journal.code_insee == "46001").order_by(Journal.id.desc())
        ).first()
    assert entry.action == "import:modification" and entry.qui.startswith("ligne de commande")
    assert '"weak_probable"' in entry.avant and '"strong_signed"' in entry.apres
    page = loaded_fresh_app.test_client().get("/communes/46001").get_data(as_text=True)
    assert "Import : modification" in page


def test_import_anct_end_to_end(loaded_fresh_app):
    path = shared_file("data", "sources", "zero-logement-vacant", "ngeo-anct-cog2023.csv")
    result = run(
        loaded_fresh_app, "import-anct", str(path), "--departement", "46", "--date", "2023"
    )
    assert result.exit_code == 0, result.output
    assert "21 enregistrements lus : 21 créées" in result.output
    again = run(loaded_fresh_app, "import-anct", str(path), "--departement", "46", "--date", "2023")
    assert "21 inchangées" in again.output
    api = loaded_fresh_app.test_client().get("/api/communes/46102").json
    assert api["eligibilite"]["statut"] == "non_eligible"


def test_import_anct_bad_departement(loaded_fresh_app):
    path = shared_file("data", "sources", "zero-logement-vacant", "ngeo-anct-cog2023.csv")
    result = run(
        loaded_fresh_app, "import-anct", str(path), "--departement", "20", "--date", "2023"
    )
    assert result.exit_code != 0 and "invalide" in result.output


def test_malformed_geojson_is_refused_and_nothing_changes(loaded_fresh_app, tmp_path):
    path = tmp_path / "46.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,'
        '"properties":{"code_insee":"46001","nom":"Albas renommée","population":1}},'
        '{"type":"Feature","geometry":null,"properties":{"code_insee":"46X01","nom":"X"}}]}',
        encoding="utf-8",
    )
    before = counts(loaded_fresh_app)
    result = run(loaded_fresh_app, "import-communes", str(path))
    assert result.exit_code != 0 and "entité n° 2" in result.output
    assert counts(loaded_fresh_app) == before
    api = loaded_fresh_app.test_client().get("/api/communes/46001").json
    assert api["nom"] == "Albas"
