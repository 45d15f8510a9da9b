"""Instruction by the Département: transitions journaled, invalid ones refused in French,
private notes never shown to the commune, list filters and CSV export."""

import csv
import io

from sqlmodel import Session, select

from tests.conftest import csrf_token
from tests.web.conftest import COMPLETE, PDF, logged, post_dossier
from village_avenir.models import Candidature, Journal


def _deposit(app, cid):
    client = logged(app, "commune")
    resp = post_dossier(
        client, cid, COMPLETE, action="deposer", files={"deliberation": (io.BytesIO(PDF), "d.pdf")}
    )
    assert resp.status_code == 302
    return client


def _move(client, cid, cible, motif=""):
    token = csrf_token(client, f"/instruction/{cid}")
    return client.post(
        f"/instruction/{cid}/transition",
        data={"csrf_token": token, "cible": cible, "motif": motif, "confirmation": "1"},
    )


def _etat(app, cid):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return s.get(Candidature, cid).etat


def test_full_instruction_with_complement_and_decision(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    commune = _deposit(app, cid)
    eng = logged(app, "ingenieur")
    assert _move(eng, cid, "en_instruction").status_code == 302
    assert _move(eng, cid, "complement_demande", "Merci de joindre le devis.").status_code == 302
    page = commune.get(f"/candidatures/{cid}").get_data(as_text=True)
    assert "Merci de joindre le devis." in page and "Complément demandé" in page
    resp = post_dossier(commune, cid, {**COMPLETE, "logements_vacants": "15"}, action="deposer")
    assert resp.status_code == 302 and _etat(app, cid) == "completee"
    assert _move(eng, cid, "retenue", "Projet solide et patrimoine en péril.").status_code == 302
    assert _etat(app, cid) == "retenue"
    page = commune.get(f"/candidatures/{cid}").get_data(as_text=True)
    assert "Projet solide et patrimoine en péril." in page
    with Session(app.extensions["village_avenir.engine"]) as s:
        rows = s.exec(
            select(Journal).where(Journal.objet_id == str(cid)).order_by(Journal.id)
        ).all()
    moves = [
        (r.avant, r.apres)
        for r in rows
        if r.action in {"candidature:transition", "candidature:decision"}
    ]
    assert [m[1].split('"etat": "')[1].split('"')[0] for m in moves] == [
        "deposee",
        "en_instruction",
        "complement_demande",
        "completee",
        "retenue",
    ]
    assert '"etat": "completee"' in moves[-1][0]


def test_invalid_transition_is_refused_with_a_clear_message(cand_app):
    app, ids = cand_app
    eng = logged(app, "ingenieur")
    cid = ids["commune"]
    resp = _move(eng, cid, "retenue", "Bien")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Une candidature « Brouillon » ne peut pas passer à « Retenue »." in html
    _deposit(app, cid)
    _move(eng, cid, "en_instruction")
    resp = _move(eng, cid, "non_retenue", "")
    assert resp.status_code == 409 and "exige une motivation" in resp.get_data(as_text=True)
    assert _etat(app, cid) == "en_instruction"
    resp = _move(eng, cid, "completee")
    assert resp.status_code == 409 and _etat(app, cid) == "en_instruction"


def test_private_notes_never_reach_the_commune(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    commune = _deposit(app, cid)
    eng = logged(app, "ingenieur")
    for genre, texte in [("note", "NOTE-SECRETE maire difficile"), ("message", "Bonjour")]:
        token = csrf_token(eng, f"/instruction/{cid}")
        eng.post(
            f"/instruction/{cid}/echange",
            data={"csrf_token": token, "genre": genre, "texte": texte},
        )
    assert "NOTE-SECRETE" in eng.get(f"/instruction/{cid}").get_data(as_text=True)
    for path in [f"/candidatures/{cid}", "/communes/46001", "/candidatures"]:
        html = commune.get(path).get_data(as_text=True)
        assert "NOTE-SECRETE" not in html and "note interne" not in html.lower()
    assert "Bonjour" in commune.get(f"/candidatures/{cid}").get_data(as_text=True)
    token = csrf_token(commune, f"/candidatures/{cid}")
    commune.post(f"/candidatures/{cid}/reponse", data={"csrf_token": token, "texte": "Merci !"})
    assert "Merci !" in eng.get(f"/instruction/{cid}").get_data(as_text=True)


def test_commune_cannot_write_notes_and_engineer_cannot_reply(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    _deposit(app, cid)
    from village_avenir.db import get_session
    from village_avenir.services.candidatures import instruction
    from village_avenir.services.candidatures.dossiers import CandidatureRefusee

    with app.app_context():
        cand = get_session().get(Candidature, cid)
        for genre, role in [("note", "commune"), ("message", "commune"), ("reponse", "ingenieur")]:
            try:
                instruction.add_echange(
                    get_session(), cand, genre=genre, texte="x", qui="t", role=role
                )
            except CandidatureRefusee as exc:
                assert "Votre rôle" in str(exc)
            else:
                raise AssertionError(f"{role} a pu écrire un échange « {genre} »")


def test_list_filters_and_csv_export(cand_app):
    app, ids = cand_app
    _deposit(app, ids["commune"])
    eng = logged(app, "ingenieur")
    html = eng.get("/candidatures?etat=deposee").get_data(as_text=True)
    assert "Albas" in html and "Alvignac" not in html
    resp = eng.get("/candidatures/export.csv")
    assert resp.mimetype == "text/csv"
    rows = list(
        csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert {(r["code_insee"], r["etat"]) for r in rows} == {
        ("46001", "deposee"),
        ("46003", "brouillon"),
    }
    own = logged(app, "commune").get("/candidatures").get_data(as_text=True)
    assert "Albas" in own and "Alvignac" not in own
