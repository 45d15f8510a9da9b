"""Applications, commune side: drafts keep what was typed, uploads checked on the bytes,
completeness before deposit, ineligible communes refused, concurrent edits detected."""

import io
import json
import re

from sqlmodel import Session, select

from tests.conftest import PASSWORD, csrf_token, login
from tests.web.conftest import COMPLETE, PDF, logged, post_dossier
from village_avenir.models import Candidature, Journal


def _db(app):
    return Session(app.extensions["village_avenir.engine"])


def _cand(app, cid) -> Candidature:
    with _db(app) as s:
        return s.get(Candidature, cid)


def test_a_draft_keeps_invalid_input(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    data = {
        "contact_email": "pas-une-adresse",
        "logements_vacants": "une dizaine",
        "patrimoine-0-cout": "très cher",
        "projet_titre": "Le « cœur » du village",
    }
    resp = post_dossier(client, ids["commune"], data)
    assert resp.status_code == 302
    html = client.get(f"/candidatures/{ids['commune']}/dossier").get_data(as_text=True)
    for value in ["pas-une-adresse", "une dizaine", "très cher", "Le « cœur » du village"]:
        assert value in html
    contenu = json.loads(_cand(app, ids["commune"]).contenu)
    assert contenu["logements_vacants"] == "une dizaine"
    assert contenu["patrimoine"][0]["cout"] == "très cher"


def test_deposit_validates_formats_and_lists_what_is_missing(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    resp = post_dossier(
        client, ids["commune"], {"contact_email": "pas-une-adresse"}, action="deposer"
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Adresse électronique invalide." in html
    assert "pas-une-adresse" in html  # the input is still there
    assert _cand(app, ids["commune"]).etat == "brouillon"
    resp = post_dossier(client, ids["commune"], {"contact_nom": "Jeanne"}, action="deposer")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "il manque" in html
    assert "La délibération du conseil municipal (PDF)" in html
    assert "Le titre du projet" in html
    assert _cand(app, ids["commune"]).etat == "brouillon"


def test_patrimoine_entries_are_added_and_removed_without_javascript(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    post_dossier(client, ids["commune"], {"patrimoine-0-nom": "Église"}, "ajouter_patrimoine")
    post_dossier(
        client,
        ids["commune"],
        {"patrimoine-0-nom": "Église", "patrimoine-1-nom": "Lavoir"},
        "ajouter_patrimoine",
    )
    noms = [i["nom"] for i in json.loads(_cand(app, ids["commune"]).contenu)["patrimoine"]]
    assert noms == ["Église", "Lavoir", ""]
    post_dossier(
        client,
        ids["commune"],
        {"patrimoine-0-nom": "Église", "patrimoine-1-nom": "Lavoir", "patrimoine-2-nom": ""},
        "confirmer_retrait:0",  # « retirer:0 » only asks; this confirms
    )
    noms = [i["nom"] for i in json.loads(_cand(app, ids["commune"]).contenu)["patrimoine"]]
    assert noms == ["Lavoir", ""]
    html = client.get(f"/candidatures/{ids['commune']}/dossier").get_data(as_text=True)
    assert 'value="Lavoir"' in html and 'value="Église"' not in html
    assert "n° 1 « Église » retiré du dossier" in html  # what was removed is said


def test_non_pdf_upload_is_refused_and_the_draft_is_kept(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    fake = (io.BytesIO(b"PK\x03\x04 ceci est un zip"), "deliberation.pdf")
    resp = post_dossier(
        client, ids["commune"], {"projet_titre": "Projet gardé"}, files={"deliberation": fake}
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "n&#39;est pas un document PDF" in html
    assert "Projet gardé" in html
    cand = _cand(app, ids["commune"])
    assert json.loads(cand.contenu)["projet_titre"] == "Projet gardé"
    assert cand.deliberation_fichier is None


def test_too_large_upload_is_refused_and_the_draft_is_kept(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    big = PDF + b"0" * (5 * 1024 * 1024)
    resp = post_dossier(
        client,
        ids["commune"],
        {"projet_titre": "Projet gardé"},
        files={"deliberation": (io.BytesIO(big), "d.pdf")},
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "dépasse la taille autorisée (5 Mo)" in html
    assert json.loads(_cand(app, ids["commune"]).contenu)["projet_titre"] == "Projet gardé"


def test_full_deposit_stores_the_pdf_outside_static_and_journals(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    resp = post_dossier(
        client,
        ids["commune"],
        COMPLETE,
        action="deposer",
        files={"deliberation": (io.BytesIO(PDF), "../../délib.pdf")},
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    cand = _cand(app, ids["commune"])
    assert cand.etat == "deposee" and cand.deliberation_nom == "délib.pdf"
    assert cand.eligibilite_au_depot in {"eligible", "a_verifier"}
    pdf = client.get(f"/candidatures/{cand.id}/deliberation")
    assert pdf.status_code == 200 and pdf.data == PDF and pdf.mimetype == "application/pdf"
    assert client.get(f"/static/{cand.deliberation_fichier}").status_code == 404
    # After the deposit the commune can no longer edit.
    assert client.get(f"/candidatures/{cand.id}/dossier").status_code == 302
    with _db(app) as s:
        actions = [
            j.action for j in s.exec(select(Journal).where(Journal.objet_id == str(cand.id)))
        ]
    assert "candidature:modification" in actions and "candidature:transition" in actions


def test_an_ineligible_commune_cannot_start_and_is_told_why(users_app):
    from datetime import date, timedelta

    from village_avenir.db import get_session
    from village_avenir.services import campagnes
    from village_avenir.services.comptes.utilisateurs import create_user

    with users_app.app_context():
        create_user(
            get_session(),
            email="maire@cahors.test",
            nom="Cahors",
            role="commune",
            password=PASSWORD,
            commune_code="46042",
            qui="tests",
        )
        campagnes.create_campaign(
            get_session(),
            nom="Appel",
            ouverture=date.today(),
            cloture=date.today() + timedelta(days=3),
            regles_version="2021-01",
            qui="tests",
        )
    client = users_app.test_client()
    token = csrf_token(client, "/connexion")
    client.post(
        "/connexion",
        data={"email": "maire@cahors.test", "mot_de_passe": PASSWORD, "csrf_token": token},
    )
    html = client.get("/candidatures/nouvelle").get_data(as_text=True)
    assert "n'est pas éligible" in html and "Action cœur de ville" in html
    token = csrf_token(client, "/candidatures")
    resp = client.post("/candidatures/nouvelle", data={"csrf_token": token})
    assert "pas éligible" in resp.get_data(as_text=True)
    with _db(users_app) as s:
        assert not s.exec(select(Candidature).where(Candidature.code_insee == "46042")).all()


def test_second_writer_is_told_and_keeps_their_input(cand_app):
    app, ids = cand_app
    first, second = logged(app, "commune"), app.test_client()
    login(second, "commune")
    cid = ids["commune"]
    page = second.get(f"/candidatures/{cid}/dossier").get_data(as_text=True)
    stale_version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    stale_token = csrf_token(second, f"/candidatures/{cid}/dossier")
    post_dossier(first, cid, {"projet_titre": "Titre du premier"})
    resp = second.post(
        f"/candidatures/{cid}/dossier/enregistrer",
        data={
            "csrf_token": stale_token,
            "version": stale_version,
            "projet_titre": "Titre du second",
        },
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Quelqu&#39;un d&#39;autre a enregistré" in html
    assert "Titre du second" in html
    assert json.loads(_cand(app, cid).contenu)["projet_titre"] == "Titre du premier"


def test_declared_values_and_states_by_commune(cand_app):
    from village_avenir.db import get_session
    from village_avenir.services.candidatures import dossiers as svc

    app, ids = cand_app
    client = logged(app, "commune")
    post_dossier(
        client,
        ids["commune"],
        COMPLETE,
        action="deposer",
        files={"deliberation": (io.BytesIO(PDF), "d.pdf")},
    )
    with app.app_context():
        session = get_session()
        values = {
            v.indicateur: v for v in svc.declared_values(session.get(Candidature, ids["commune"]))
        }
        states = svc.states_by_commune(session)
    assert values["logements_vacants_connus"].valeur == 14
    assert values["batiments_proteges"].valeur == 1
    assert values["services_perdus"].valeur == 2
    assert "46001" in values["services_perdus"].source
    assert states["46001"][:2] == ("deposee", "Déposée")
    assert states["46003"][:2] == ("brouillon", "Brouillon")
    assert "46002" not in states


def test_commune_sheet_shows_the_state_only_to_authorised_users(cand_app):
    app, _ = cand_app
    public = app.test_client().get("/communes/46001").get_data(as_text=True)
    assert 'id="candidature"' not in public
    own = logged(app, "commune").get("/communes/46001").get_data(as_text=True)
    assert 'id="candidature"' in own and "Brouillon" in own
    other = logged(app, "commune_autre").get("/communes/46001").get_data(as_text=True)
    assert 'id="candidature"' not in other
    # The history shows application rows only to those who may act on the commune, and
    # authors' e-mail addresses only to Département staff.
    assert "Candidature : création" not in public and "Candidature : création" not in other
    assert "Candidature : création" in own
    engineer = logged(app, "ingenieur").get("/communes/46001").get_data(as_text=True)
    assert "Candidature : création" in engineer


def test_a_true_race_is_caught_by_the_version_column(cand_app):
    """Two sessions read version n; the second UPDATE finds no row at version n."""
    from village_avenir.services.candidatures import dossiers as svc

    app, ids = cand_app
    engine = app.extensions["village_avenir.engine"]
    with app.app_context(), Session(engine) as s1, Session(engine) as s2:
        c1, c2 = s1.get(Candidature, ids["commune"]), s2.get(Candidature, ids["commune"])
        assert c1.version == c2.version
        svc.save_draft(s1, c1, contenu={"projet_titre": "Un"}, version_attendue=c1.version, qui="a")
        try:
            svc.save_draft(
                s2, c2, contenu={"projet_titre": "Deux"}, version_attendue=c2.version, qui="b"
            )
        except svc.ConflitEdition as exc:
            assert "Quelqu'un d'autre" in str(exc)
        else:
            raise AssertionError("la seconde écriture a écrasé la première")
    assert json.loads(_cand(app, ids["commune"]).contenu)["projet_titre"] == "Un"


def test_deposit_after_the_closing_date_is_refused(cand_app):
    from datetime import date, timedelta

    from village_avenir.models import Campagne

    app, ids = cand_app
    with _db(app) as s:
        campagne = s.exec(select(Campagne)).one()
        campagne.ouverture = date.today() - timedelta(days=30)
        campagne.cloture = date.today() - timedelta(days=1)
        s.add(campagne)
        s.commit()
    client = logged(app, "commune")
    resp = post_dossier(
        client,
        ids["commune"],
        COMPLETE,
        action="deposer",
        files={"deliberation": (io.BytesIO(PDF), "d.pdf")},
    )
    assert resp.status_code == 400 and "est clos depuis le" in resp.get_data(as_text=True)
    cand = _cand(app, ids["commune"])
    assert cand.etat == "brouillon" and json.loads(cand.contenu)["logements_vacants"] == "14"


def test_a_commune_created_after_the_rules_date_cannot_apply(users_app):
    """Pern-Lhospitalet (created 01/01/2025) under the 2024 session rules (21/12/2023)."""
    from datetime import date, timedelta

    from village_avenir.db import get_session
    from village_avenir.services import campagnes
    from village_avenir.services.comptes.utilisateurs import create_user

    with users_app.app_context():
        create_user(
            get_session(),
            email="maire@pern.test",
            nom="Pern-Lhospitalet",
            role="commune",
            password=PASSWORD,
            commune_code="46172",
            qui="tests",
        )
        campagnes.create_campaign(
            get_session(),
            nom="Session 2024",
            ouverture=date.today(),
            cloture=date.today() + timedelta(days=3),
            regles_version="2024-01",
            qui="tests",
        )
    client = users_app.test_client()
    token = csrf_token(client, "/connexion")
    client.post(
        "/connexion",
        data={"email": "maire@pern.test", "mot_de_passe": PASSWORD, "csrf_token": token},
    )
    html = client.get("/candidatures/nouvelle").get_data(as_text=True)
    assert 'data-statut="inexistante"' in html and "Commune pas encore créée" in html
    assert "Commencer ou reprendre la candidature" not in html
    token = csrf_token(client, "/candidatures")
    resp = client.post("/candidatures/nouvelle", data={"csrf_token": token})
    assert "créée le 01/01/2025" in resp.get_data(as_text=True).replace("&#39;", "'")
    with _db(users_app) as s:
        assert not s.exec(select(Candidature).where(Candidature.code_insee == "46172")).all()
