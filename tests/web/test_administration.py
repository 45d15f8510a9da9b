"""Administration (issue 12, item 5): engineers and administrators invited from /admin with
the same invitation flow, campaigns edited and closed (a closed campaign takes no deposit),
all journaled."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from sqlmodel import Session, select

from tests.conftest import csrf_token
from tests.web.conftest import COMPLETE, PDF, logged, post_dossier
from village_avenir.models import Campagne, Candidature, Courriel, Invitation, Journal


def _db(app):
    return Session(app.extensions["village_avenir.engine"])


def test_an_engineer_is_invited_from_admin(users_app):
    admin = logged(users_app, "admin")
    token = csrf_token(admin, "/admin")
    resp = admin.post(
        "/admin/invitations",
        data={
            "csrf_token": token,
            "email": "ing2@lot.test",
            "nom": "Ingénieure 2",
            "role": "ingenieur",
            "commune": "",
        },
    )
    assert resp.status_code == 200 and 'id="lien"' in resp.get_data(as_text=True)
    with _db(users_app) as s:
        inv = s.exec(select(Invitation).where(Invitation.email == "ing2@lot.test")).one()
        mail = s.exec(select(Courriel).where(Courriel.destinataire == "ing2@lot.test")).one()
        entry = s.exec(select(Journal).where(Journal.action == "compte:invitation")).one()
    assert inv.role == "ingenieur" and inv.commune_code is None
    assert mail.genre == "invitation" and json.loads(entry.apres)["role"] == "ingenieur"
    # A commune invitation still needs its commune.
    bad = admin.post(
        "/admin/invitations",
        data={
            "csrf_token": token,
            "email": "m@albas.test",
            "nom": "M",
            "role": "commune",
            "commune": "",
        },
    )
    assert bad.status_code == 400 and "Commune" in bad.get_data(as_text=True)


def test_a_campaign_is_edited_then_closed_and_takes_no_deposit(cand_app):
    app, ids = cand_app
    with _db(app) as s:
        cid = s.exec(select(Campagne)).one().id
    admin = logged(app, "admin")
    token = csrf_token(admin, f"/admin/campagnes/{cid}")
    fin = date.today() + timedelta(days=45)
    resp = admin.post(
        f"/admin/campagnes/{cid}",
        data={
            "csrf_token": token,
            "nom": "Appel 2026-27",
            "ouverture": (date.today() - timedelta(days=1)).isoformat(),
            "cloture": fin.isoformat(),
        },
    )
    assert resp.status_code == 302
    bad = admin.post(
        f"/admin/campagnes/{cid}",
        data={
            "csrf_token": token,
            "nom": "X",
            "ouverture": fin.isoformat(),
            "cloture": date.today().isoformat(),
        },
    )
    assert bad.status_code == 400 and "précède" in bad.get_data(as_text=True)
    assert (
        admin.post(f"/admin/campagnes/{cid}/clore", data={"csrf_token": token}).status_code == 302
    )
    with _db(app) as s:
        campagne = s.get(Campagne, cid)
        actions = [j.action for j in s.exec(select(Journal).where(Journal.objet == "campagne"))]
    assert campagne.nom == "Appel 2026-27" and campagne.cloture < date.today()
    assert {"campagne:modification", "campagne:cloture"} <= set(actions)
    resp = post_dossier(
        logged(app, "commune"),
        ids["commune"],
        COMPLETE,
        action="deposer",
        files={"deliberation": (io.BytesIO(PDF), "d.pdf")},
    )
    assert resp.status_code == 400 and "est clos depuis le" in resp.get_data(as_text=True)
    with _db(app) as s:
        assert s.get(Candidature, ids["commune"]).etat == "brouillon"
