"""Helpers of the backup tests: fill a database through the real services, read every table
back (all columns, primary-key order) and the pieces' bytes, create empty target apps.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import shapely
from sqlalchemy import select
from sqlmodel import SQLModel

from tests.conftest import PG_URL, USERS, _variant, make_app, pg_error, require
from tests.pdfs import PDF  # a real one-page PDF (the upload check opens it)
from village_avenir.db import create_schema, drop_schema, get_engine, get_session
from village_avenir.domain.planning import Need

PDF_BINAIRE = PDF + bytes(range(256))  # with a binary tail

CONTENU = {
    "contact_nom": "Jeanne Martin",
    "contact_fonction": "Maire",
    "contact_email": "mairie@albas.test",
    "contact_telephone": "05 65 00 00 00",
    "projet_titre": "Redonner vie au cœur du village « Albas »",
    "projet_description": "Réhabiliter l'ancien presbytère en logements communaux, "
    "rouvrir une épicerie multiservice et restaurer le lavoir. " * 2,
    "patrimoine": [
        {
            "nom": "Église Saint-Martin",
            "protection": "mh_inscrit",
            "etat": "mauvais",
            "cout": "120 000",
        }
    ],
    "logements_vacants": "14",
    "logement_projets": "Trois logements dans le presbytère.",
    "services_existants": "École\nAgence postale",
    "services_perdus": "Épicerie (2015)\nCafé (2019)",
}


def fill(app) -> None:
    """Realistic data through the services: every table gets rows (accounts come from the
    ``users_app`` fixture, communes/EPCI/memberships from the Lot)."""
    from village_avenir.parametres import (
        load_catalogue_actions,
        load_parametres_diagnostic,
        load_regles,
    )
    from village_avenir.services import campagnes, diagnostic
    from village_avenir.services import plans as sp
    from village_avenir.services.candidatures import avis, instruction
    from village_avenir.services.candidatures import dossiers as cands
    from village_avenir.services.commission import seance as commission
    from village_avenir.services.comptes import connexions, invitations
    from village_avenir.services.eligibilite import assess

    with app.app_context():
        s = get_session()
        ing, maire = USERS["ingenieur"][0], USERS["commune"][0]
        campagne = campagnes.create_campaign(
            s,
            nom="Appel 2026",
            ouverture=date.today() - timedelta(days=1),
            cloture=date.today() + timedelta(days=30),
            regles_version="2021-01",
            qui=ing,
        )
        rules = load_regles()
        a = assess(s, rules, "46001")
        cand = cands.start(
            s, code_insee="46001", statut=a.eligibility.statut, raisons=[], qui=maire
        )
        refus = cands.save_draft(
            s,
            cand,
            contenu=CONTENU,
            version_attendue=cand.version,
            qui=maire,
            piece=("délibération du 3 mars.pdf", PDF_BINAIRE),
        )
        assert refus is None
        cands.deposit(
            s,
            cand,
            qui=maire,
            role="commune",
            statut=a.eligibility.statut,
            raisons=[],
            version_attendue=cand.version,
        )
        instruction.transition(s, cand, cible="en_instruction", role="ingenieur", qui=ing)
        instruction.add_echange(
            s, cand, genre="note", texte="Visite le 12/11.", qui=ing, role="ingenieur"
        )
        instruction.transition(
            s,
            cand,
            cible="complement_demande",
            role="ingenieur",
            qui=ing,
            motif="Merci de joindre le devis du lavoir.",
        )
        instruction.add_echange(
            s, cand, genre="reponse", texte="Devis envoyé par courrier.", qui=maire, role="commune"
        )
        cands.deposit(
            s,
            cand,
            qui=maire,
            role="commune",
            statut=a.eligibility.statut,
            raisons=[],
            version_attendue=cand.version,
        )
        # The committee: the engineer's opinion, the session, its frozen pack, the decision.
        avis.give_opinion(
            s,
            cand,
            avis="favorable",
            motivation="Projet complet et cohérent.",
            enjeux="Presbytère vacant ; épicerie fermée en 2015.",
            qui=ing,
        )
        seance = commission.save_session(
            s,
            campagne,
            date_seance=date.today(),
            membres="Présidente\nVice-président",
            ordre=[cand.id],
            qui=ing,
        )
        seance = commission.freeze(s, campagne, rules, qui=ing)
        commission.decide(
            s,
            seance,
            cand.id,
            decision="retenue",
            role="ingenieur",
            qui=ing,
            motivation="Projet complet et cohérent.",
        )
        # A second application, still a draft, with another piece.
        b = assess(s, rules, "46003")
        other = cands.start(
            s, code_insee="46003", statut=b.eligibility.statut, raisons=[], qui="maire 46003"
        )
        cands.save_draft(
            s,
            other,
            contenu={"projet_titre": "Épicerie"},
            qui="maire 46003",
            version_attendue=other.version,
            piece=("d.pdf", PDF),
        )
        # A password-reset request (its e-mail goes to the outbox).
        from village_avenir.services.comptes import motdepasse

        assert motdepasse.request_reset(s, maire, minutes=60)
        # Diagnosis: a declared then validated value, an override, weights, snapshots.
        diagnostic.declare_value(
            s,
            code_insee="46001",
            indicateur="petit_patrimoine_a_restaurer",
            valeur=4.25,
            annee="2025",
            source="Inventaire communal",
            qui=maire,
            origine="declaree",
        )
        diagnostic.validate_value(
            s, code_insee="46001", indicateur="petit_patrimoine_a_restaurer", qui=ing
        )
        diagnostic.override_score(
            s,
            code_insee="46001",
            domaine="services",
            valeur=80,
            motif="Visite de terrain : plus de commerce",
            qui=ing,
        )
        diagnostic.take_snapshot(s, qui=ing, motif="Comité de janvier")
        ind = {i.id: i.poids for i in load_parametres_diagnostic().catalogue.indicateurs}
        diagnostic.save_weights(
            s,
            indicateurs=ind,
            domaines={"patrimoine": 2, "logement": 1, "services": 1},
            motif="Patrimoine prioritaire en 2026",
            qui=ing,
        )
        # Plans: a proposal, an action placed on the map, a budget.
        cat = load_catalogue_actions()
        needs = [
            Need("logement", "logements_vacants", 80, "visite du 12/11/2026"),
            Need("services", "commerce", 50, "visite du 12/11/2026"),
        ]
        v = sp.propose(s, "46001", needs, cat, qui=ing)
        cle = sp.actions_of(s, v)[0].cle
        from village_avenir.models import Commune

        point = shapely.from_wkb(s.get(Commune, "46001").geometry).representative_point()
        sp.place_action(s, "46001", cle, point, qui=ing)
        sp.update_action(
            s,
            "46001",
            cle,
            budget=42000,
            porteur="Commune d'Albas",
            statut="engagee",
            qui=ing,
            version_attendue=2,
        )
        # Heritage: a visit and an item seen during it (photos: see the visit's tests).
        from village_avenir.services import patrimoine

        auteur = patrimoine.Auteur(ing, "ingenieur")
        visite = patrimoine.create_visite(
            s,
            "46001",
            {
                "date_visite": date.today(),
                "participants": ["departement", "caue"],
                "notes": "Tour du bourg.",
            },
            auteur,
            client_uid="v-1",
        )
        patrimoine.create_element(s, "46001", {"nom": "Lavoir de la Fontaine", "type": "lavoir",
                                  "etat": "mauvais", "source": "visite"}, auteur,
                                  client_uid="e-1", visite_id=visite.id)  # fmt: skip
        # An item entered on the phone with its photo (a real JPEG, reduced as the phone does).
        import io

        from PIL import Image

        from village_avenir.domain.visite import EntreeElement, EntreeVisite
        from village_avenir.services.patrimoine.photos import prepare_photo
        from village_avenir.services.patrimoine.synchronisation import PhotoRecue, record_element

        jpeg = io.BytesIO()
        Image.new("RGB", (64, 48), (120, 90, 60)).save(jpeg, "JPEG")
        record_element(
            s, "46001",
            EntreeVisite("visite-sauvegarde-2", date.today(), ("departement",), ""),
            EntreeElement("element-sauvegarde-2", "Four du Bourg", "four", None, "non_protege", "commune",
                          "moyen", "sous_utilise", None, None, ""),
            [PhotoRecue("photo-sauvegarde-1", prepare_photo(jpeg.getvalue()))], auteur=auteur,
        )  # fmt: skip
        # A device session (a login on one device).
        from village_avenir.models import Utilisateur
        from village_avenir.services.comptes import sessions

        compte = s.exec(select(Utilisateur).where(Utilisateur.email == maire)).scalars().one()
        sessions.open_session(s, compte, qui=maire)
        # The projet stratégique validated, a status proposed by the commune, a yearly review.
        from village_avenir.parametres import load_financements
        from village_avenir.services.plans import suivi as plan_suivi
        from village_avenir.services.plans import validation as plan_validation

        plan_validation.validate(s, "46001", cat, load_financements(), qui=ing)
        plan_suivi.set_statut(
            s, "46001", cle, "engagee", date.today(), "", qui=maire, par_commune=True
        )
        plan_suivi.record_revue(s, "46001", date.today().year, "Première revue.", qui=ing)
        # Accounts side: an invitation and a failed login.
        invitations.invite(
            s, email="secretaire@albas.test", nom="Secrétariat", commune_code="46001", qui=ing
        )
        connexions.record_failure(s, "maire@albas.test", "127.0.0.1")
        s.commit()


def dump(app) -> dict[str, list[tuple]]:
    """Every row of every table, every column, in primary-key order."""
    with app.app_context():
        conn = get_session().connection()
        out = {}
        for table in SQLModel.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*pk))]
        get_session().rollback()
        return out


def digest(app) -> dict[str, tuple[int, str]]:
    """Row count and SHA-256 of the content of every table."""
    return {
        name: (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        for name, rows in dump(app).items()
    }


def pieces_of(app) -> dict[str, bytes]:
    directory = Path(app.config["PIECES_DIR"])
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def without_import_entries(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The dump minus the journal entries written by imports (they describe the import)."""
    from village_avenir.models import Journal

    action = list(Journal.__table__.columns).index(Journal.__table__.columns["action"])
    out = dict(rows)
    out["journal"] = [r for r in rows["journal"] if r[action] != "systeme:import-base"]
    return out


def empty_app(kind: str, tmp_path: Path, name: str):
    """An app on an empty schema of ``kind`` (sqlite or postgresql), with its own pieces dir."""
    if kind == "postgresql":
        err = pg_error()
        require(err is None, f"serveur PostgreSQL inaccessible ({PG_URL}) : {err}")
        url = _variant(PG_URL, name, tmp_path)
    else:
        url = f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    app = make_app(url)
    with app.app_context():
        drop_schema(get_engine())
        create_schema(get_engine())
    return app
