"""Safe forms (issue 12, item 1): Enter saves, removal is confirmed, deposit goes through a
summary page, a decision is one confirmed block; the complement is answered and sent in one
step (item 4)."""

import io
import json
import re

from sqlmodel import Session, select

from tests.conftest import csrf_token
from tests.web.conftest import COMPLETE, PDF, confirm_deposit, logged, post_dossier
from village_avenir.models import Candidature, Echange, Journal


def _cand(app, cid) -> Candidature:
    with Session(app.extensions["village_avenir.engine"]) as s:
        return s.get(Candidature, cid)


def _submit_buttons(html: str) -> list[str]:
    """The application form's submit buttons, in order, each named by the route it posts to
    (its ``formaction``, else the form's own action: « enregistrer »), as ``dossier_url``
    spells them: « enregistrer », « retirer:0 », « deposer »…"""
    form = html.split('class="formulaire dossier"', 1)[1].split("</form>", 1)[0]
    names = []
    for attrs in re.findall(r'<button type="submit"([^>]*)>', form):
        target = re.search(r'formaction="[^"]*/dossier/([^"]+)"', attrs)
        route = target.group(1) if target else "enregistrer"
        parts = route.split("/")  # retirer/1/confirmer, retirer/1, ajouter…
        if parts[0] == "retirer":
            route = f"{'confirmer_retrait' if parts[-1] == 'confirmer' else 'retirer'}:{parts[1]}"
        names.append({"ajouter": "ajouter_patrimoine"}.get(route, route))
    return names


def test_the_first_submit_button_of_the_application_form_saves(cand_app):
    """The browser submits with the first button on Enter: it must be « enregistrer »."""
    app, ids = cand_app
    client = logged(app, "commune")
    post_dossier(
        client, ids["commune"], {"patrimoine-0-nom": "Église", "patrimoine-1-nom": "Lavoir"}
    )
    buttons = _submit_buttons(
        client.get(f"/candidatures/{ids['commune']}/dossier").get_data(as_text=True)
    )
    assert buttons[0] == "enregistrer", buttons
    assert "retirer:0" in buttons and "deposer" in buttons


def test_removing_an_entry_asks_for_confirmation_first(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    client = logged(app, "commune")
    data = {"patrimoine-0-nom": "Église", "patrimoine-1-nom": "Lavoir", "contact_telephone": "05"}
    resp = post_dossier(client, cid, data, action="retirer:1")
    assert resp.status_code == 302 and "retrait=1" in resp.headers["Location"]
    noms = [i["nom"] for i in json.loads(_cand(app, cid).contenu)["patrimoine"]]
    assert noms == ["Église", "Lavoir"]  # saved, nothing removed yet
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Retirer le bâtiment ou site n° 2 « Lavoir » ?" in page
    assert (
        "confirmer_retrait:1" in _submit_buttons(page) and _submit_buttons(page)[0] == "enregistrer"
    )
    post_dossier(client, cid, data, action="confirmer_retrait:1")
    noms = [i["nom"] for i in json.loads(_cand(app, cid).contenu)["patrimoine"]]
    assert noms == ["Église"]


def test_deposit_shows_a_summary_and_waits_for_confirmation(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    client = logged(app, "commune")
    files = {"deliberation": (io.BytesIO(PDF), "d.pdf")}
    resp = post_dossier(client, cid, COMPLETE, action="deposer", files=files, confirmer=False)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/{cid}/depot")
    assert _cand(app, cid).etat == "brouillon"
    page = client.get(f"/candidatures/{cid}/depot").get_data(as_text=True)
    assert "Relisez le dossier" in page and "Église Saint-Martin" in page
    assert "Confirmer le dépôt de la candidature" in page
    assert confirm_deposit(client, cid).status_code == 302
    assert _cand(app, cid).etat == "deposee"
    # A stale confirmation (wrong version) changes nothing and says why.
    again = client.post(
        f"/candidatures/{cid}/depot",
        data={"csrf_token": csrf_token(client, f"/candidatures/{cid}"), "version": "1"},
    )
    assert again.status_code == 409 and "rien à déposer" in again.get_data(as_text=True)
    assert _cand(app, cid).etat == "deposee"


def test_an_incomplete_file_never_reaches_the_summary(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    resp = client.get(f"/candidatures/{ids['commune']}/depot")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/dossier")
    assert _cand(app, ids["commune"]).etat == "brouillon"


def _move(client, cid, cible, motif="", **extra):
    token = csrf_token(client, f"/instruction/{cid}")
    return client.post(
        f"/instruction/{cid}/transition",
        data={"csrf_token": token, "cible": cible, "motif": motif, **extra},
    )


def test_a_decision_is_one_block_and_needs_the_confirmation(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    post_dossier(
        logged(app, "commune"),
        cid,
        COMPLETE,
        action="deposer",
        files={"deliberation": (io.BytesIO(PDF), "d.pdf")},
    )
    eng = logged(app, "ingenieur")
    assert _move(eng, cid, "en_instruction").status_code == 302
    page = eng.get(f"/instruction/{cid}").get_data(as_text=True)
    block = page.split('id="form-decision"', 1)[1].split("</form>", 1)[0]
    assert block.count('type="radio"') == 3 and block.count("<button") == 1
    assert 'name="motif"' in block and 'name="confirmation"' in block
    resp = _move(eng, cid, "retenue", "Projet complet.")
    assert resp.status_code == 400 and "Cochez la case de confirmation" in resp.get_data(
        as_text=True
    )
    assert _cand(app, cid).etat == "en_instruction"
    assert _move(eng, cid, "retenue", "Projet complet.", confirmation="1").status_code == 302
    assert _cand(app, cid).etat == "retenue"


def test_a_complement_is_answered_and_sent_in_one_step(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    commune = logged(app, "commune")
    post_dossier(
        commune, cid, COMPLETE, action="deposer", files={"deliberation": (io.BytesIO(PDF), "d.pdf")}
    )
    eng = logged(app, "ingenieur")
    _move(eng, cid, "en_instruction")
    _move(eng, cid, "complement_demande", "Joindre le devis.")
    detail = commune.get(f"/candidatures/{cid}").get_data(as_text=True)
    assert "Répondre et compléter le dossier" in detail and "Envoyer la réponse" not in detail
    assert "sans transmettre le complément" in detail  # a question stays possible
    resp = post_dossier(
        commune,
        cid,
        {**COMPLETE, "patrimoine-0-cout": "135 000"},
        action="deposer",
        reponse="Devis joint : 135 000 €.",
    )
    assert resp.status_code == 302
    assert _cand(app, cid).etat == "completee"
    with Session(app.extensions["village_avenir.engine"]) as s:
        reponses = s.exec(select(Echange).where(Echange.genre == "reponse")).all()
        moves = s.exec(
            select(Journal)
            .where(Journal.objet_id == str(cid), Journal.action == "candidature:transition")
            .order_by(Journal.id)
        ).all()
    assert [r.texte for r in reponses] == ["Devis joint : 135 000 €."]
    assert [json.loads(m.apres)["etat"] for m in moves][-1] == "completee"
    assert sum(json.loads(m.apres)["etat"] == "completee" for m in moves) == 1
