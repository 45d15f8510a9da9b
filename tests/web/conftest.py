"""Fixtures of the applications' tests: an open campaign, drafts, a complete file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import csrf_token, login

# A real one-page PDF: the upload check opens it with pypdf (re-exported for the tests).
from tests.pdfs import PDF  # noqa: E402,F401

COMPLETE = {
    "contact_nom": "Jeanne Martin",
    "contact_fonction": "Maire",
    "contact_email": "mairie@albas.test",
    "contact_telephone": "05 65 00 00 00",
    "projet_titre": "Redonner vie au cœur du village",
    "projet_description": "Réhabiliter l'ancien presbytère en logements communaux, "
    "rouvrir une épicerie multiservice et restaurer le lavoir. " * 2,
    "patrimoine-0-nom": "Église Saint-Martin",
    "patrimoine-0-protection": "mh_inscrit",
    "patrimoine-0-etat": "mauvais",
    "patrimoine-0-cout": "120 000",
    "logements_vacants": "14",
    "logement_projets": "Trois logements dans le presbytère.",
    "services_existants": "École\nAgence postale",
    "services_perdus": "Épicerie (2015)\nCafé (2019)",
}


def open_campaign_with_drafts(app) -> dict[str, int]:
    """An open campaign and a draft for each commune user's commune (46001, 46003).

    Returns {"commune": id of 46001's draft, "commune_autre": id of 46003's}.
    """
    from village_avenir.db import get_session
    from village_avenir.services import campagnes
    from village_avenir.services.candidatures import dossiers as svc

    with app.app_context():
        session = get_session()
        campagnes.create_campaign(
            session,
            nom="Appel 2026",
            ouverture=date.today() - timedelta(days=1),
            cloture=date.today() + timedelta(days=30),
            regles_version="2021-01",
            qui="tests",
        )
        ids = {}
        for who, code in (("commune", "46001"), ("commune_autre", "46003")):
            cand = svc.start(session, code_insee=code, statut="eligible", raisons=[], qui=who)
            ids[who] = cand.id
    return ids


@pytest.fixture
def cand_app(users_app):
    """Users of every role, an open campaign, and a draft for each commune user's commune.

    Returns (app, {"commune": id of 46001's draft, "commune_autre": id of 46003's}).
    """
    return users_app, open_campaign_with_drafts(users_app)


def dossier_url(cid, action="enregistrer") -> str:
    """The route a button of the application form posts to (``formaction``), by the name the
    tests give the button: « enregistrer », « retirer:1 »…"""
    base = f"/candidatures/{cid}/dossier"
    name, _, index = action.partition(":")
    return {
        "enregistrer": f"{base}/enregistrer",
        "ajouter_patrimoine": f"{base}/ajouter",
        "retirer": f"{base}/retirer/{index}",
        "confirmer_retrait": f"{base}/retirer/{index}/confirmer",
        "garder": f"{base}/garder",
        "deposer": f"{base}/deposer",
    }[name]


def post_dossier(
    client, cid, data, action="enregistrer", files=None, follow=False, confirmer=True, reponse=""
):
    """POST the application form with a fresh CSRF token and the current version, to the route
    of the button ``action`` names (:func:`dossier_url`: enregistrer, ajouter_patrimoine,
    retirer:<n>, confirmer_retrait:<n>, garder, deposer).

    « deposer » leads to the summary page; with ``confirmer`` (default) the deposit is then
    confirmed there, as the user would, and the confirmation's response is returned."""
    import re

    html = client.get(f"/candidatures/{cid}/dossier").get_data(as_text=True)
    version = re.search(r'id="version" name="version" type="hidden" value="(\d+)"', html)
    payload = {
        "csrf_token": csrf_token(client, f"/candidatures/{cid}/dossier"),
        "version": version.group(1) if version else "",
        **data,
    }
    if files:
        payload.update(files)
    resp = client.post(
        dossier_url(cid, action),
        data=payload,
        content_type="multipart/form-data",
        follow_redirects=follow and not (action == "deposer" and confirmer),
    )
    if action == "deposer" and confirmer and resp.status_code == 302:
        if resp.headers["Location"].endswith(f"/candidatures/{cid}/depot"):
            resp = confirm_deposit(client, cid, reponse=reponse, follow=follow)
    return resp


def confirm_deposit(client, cid, reponse="", follow=False):
    """Confirm on the summary page (with the version it shows)."""
    import re

    html = client.get(f"/candidatures/{cid}/depot").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', html)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert version and token, html[:2000]
    return client.post(
        f"/candidatures/{cid}/depot",
        data={"csrf_token": token.group(1), "version": version.group(1), "reponse": reponse},
        follow_redirects=follow,
    )


def logged(app, who):
    client = app.test_client()
    assert login(client, who).status_code == 302
    return client
