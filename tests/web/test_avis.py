"""The engineer's opinion: given and changed through the service (journaled), refused in
French when wrong, distinct from internal notes, shown to the commune only after decision."""

import json

from sqlmodel import Session, select

from tests.conftest import csrf_token
from tests.web.conftest import logged
from tests.web.test_instruction import _deposit, _move
from village_avenir.models import AvisInstruction, Echange, Journal


def _avis(client, cid, **data):
    token = csrf_token(client, f"/instruction/{cid}")
    return client.post(f"/instruction/{cid}/avis", data={"csrf_token": token, **data})


def test_opinion_given_changed_journaled_and_shown_to_the_commune_after_decision(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    commune = _deposit(app, cid)
    eng = logged(app, "ingenieur")
    assert _move(eng, cid, "en_instruction").status_code == 302
    resp = _avis(eng, cid, avis="reserve", motivation="Plan de financement fragile.", enjeux="")
    assert resp.status_code == 302
    resp = _avis(
        eng, cid, avis="favorable", motivation="Devis reçus, projet mûr.", enjeux="Presbytère"
    )
    assert resp.status_code == 302
    page = eng.get(f"/instruction/{cid}").get_data(as_text=True)
    assert "Avis favorable" in page and "Devis reçus, projet mûr." in page
    with Session(app.extensions["village_avenir.engine"]) as s:
        rows = s.exec(select(AvisInstruction)).all()
        assert [(r.avis, r.enjeux) for r in rows] == [("favorable", "Presbytère")]
        assert not s.exec(select(Echange)).all()  # not an internal note
        journal = s.exec(select(Journal).where(Journal.action == "candidature:avis")).all()
    assert [json.loads(j.apres)["avis"] for j in journal] == ["reserve", "favorable"]
    assert json.loads(journal[1].avant)["avis"] == "reserve"
    assert all(j.code_insee is None for j in journal)  # not in the commune's public history
    # The commune does not see it while the application is under instruction...
    assert "Devis reçus" not in commune.get(f"/candidatures/{cid}").get_data(as_text=True)
    assert _move(eng, cid, "retenue", "Retenue par la commission.").status_code == 302
    # ... and sees it once decided.
    page = commune.get(f"/candidatures/{cid}").get_data(as_text=True)
    assert "Devis reçus, projet mûr." in page and "Avis favorable" in page


def test_bad_opinions_are_refused_in_french_and_change_nothing(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    eng = logged(app, "ingenieur")
    resp = _avis(eng, cid, avis="favorable", motivation="Trop tôt")
    assert resp.status_code == 302
    page = eng.get(f"/instruction/{cid}").get_data(as_text=True)
    assert "l&#39;avis se donne pendant l&#39;instruction" in page
    _deposit(app, cid)
    for data, message in (
        ({"avis": "excellent", "motivation": "x"}, "Choisissez un avis"),
        ({"avis": "favorable", "motivation": "  "}, "L&#39;avis doit être motivé."),
        ({"avis": "favorable", "motivation": "x" * 5001}, "limités à 5000 caractères"),
    ):
        _avis(eng, cid, **data)
        assert message in eng.get(f"/instruction/{cid}").get_data(as_text=True)
    with Session(app.extensions["village_avenir.engine"]) as s:
        assert not s.exec(select(AvisInstruction)).all()
