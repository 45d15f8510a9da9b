"""Issue 23 on the server: conflicts shown field by field and never resolved silently, « Non,
le garder » saves, the safety net's markers (saved / account ended), the message after a
session ended elsewhere. The browser half is tests/browser/test_rien_perdu_browser.py."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import Session

from tests.conftest import csrf_token, login
from tests.web.conftest import logged, post_dossier
from village_avenir.db import get_engine
from village_avenir.domain.conflits import (
    ChoixManquant,
    apply_choices,
    conflicting_fields,
    format_value,
)
from village_avenir.models import Candidature

LABELS = {"projet_titre": "Titre du projet", "patrimoine": "Patrimoine"}


def _contenu(app, cid) -> dict:
    with app.app_context(), Session(get_engine()) as s:
        return json.loads(s.get(Candidature, cid).contenu or "{}")


def _stale_post(app, cid, data):
    """A second tab: opened before the first tab saved, posting after."""
    first, second = logged(app, "commune"), app.test_client()
    login(second, "commune")
    page = second.get(f"/candidatures/{cid}/dossier").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    token = csrf_token(second, f"/candidatures/{cid}/dossier")
    post_dossier(first, cid, {"projet_titre": "Titre du premier onglet", "contact_nom": "Mme A"})
    payload = {"csrf_token": token, "version": version, **data}
    return second, second.post(f"/candidatures/{cid}/dossier/enregistrer", data=payload), token


def test_conflict_rows_are_the_differing_fields_only():
    rows = conflicting_fields(
        {"projet_titre": "A", "patrimoine": [{"nom": "Église"}]},
        {"projet_titre": "B", "patrimoine": [{"nom": "Église "}]},
        LABELS,
    )
    assert [(r.champ, r.mienne, r.autre) for r in rows] == [("projet_titre", "A", "B")]
    assert format_value([]) == "(vide)" and format_value("") == "(vide)"
    assert format_value([{"nom": "Lavoir", "cout": "12 000"}]) == "n° 1 : Lavoir — 12 000"


def test_choices_are_required_and_applied():
    mine, other = {"projet_titre": "A", "patrimoine": []}, {"projet_titre": "B", "patrimoine": [1]}
    with pytest.raises(ChoixManquant, match="« Patrimoine »"):
        apply_choices(
            mine, other, ["projet_titre", "patrimoine"], {"projet_titre": "autre"}, LABELS
        )
    merged = apply_choices(
        mine,
        other,
        ["projet_titre", "patrimoine"],
        {"projet_titre": "autre", "patrimoine": "mienne"},
        LABELS,
    )
    assert merged == {"projet_titre": "B", "patrimoine": []}


def test_second_tab_sees_both_versions_side_by_side(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    second, resp, _ = _stale_post(app, cid, {"projet_titre": "Titre du second onglet"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Deux versions : choisissez, champ par champ" in html
    panel = html[html.index('id="conflit"') : html.index("</section>", html.index('id="conflit"'))]
    assert "Titre du second onglet" in panel and "Titre du premier onglet" in panel
    assert 'name="conflit-projet_titre" value="mienne"' in panel
    assert 'name="conflit-projet_titre" value="autre"' in panel
    assert 'name="conflit-contact_nom"' in panel  # changed by the other tab too
    assert "checked" not in panel  # nothing chosen for the person


def test_saving_again_without_choosing_replaces_nothing(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    second, resp, token = _stale_post(app, cid, {"projet_titre": "Titre du second onglet"})
    html = resp.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    champs = re.search(r'name="conflit_champs" value="([^"]*)"', html).group(1)
    again = second.post(
        f"/candidatures/{cid}/dossier/enregistrer",
        data={
            "csrf_token": token,
            "version": version,
            "action": "enregistrer",
            "conflit_champs": champs,
            "projet_titre": "Titre du second onglet",
        },
    )
    assert again.status_code == 409
    assert "choisissez, pour chaque champ" in again.get_data(as_text=True)
    assert _contenu(app, cid)["projet_titre"] == "Titre du premier onglet"


def test_one_save_applies_each_fields_choice(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    second, resp, token = _stale_post(
        app, cid, {"projet_titre": "Titre du second onglet", "contact_nom": "M. B"}
    )
    html = resp.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    champs = re.search(r'name="conflit_champs" value="([^"]*)"', html).group(1)
    assert set(champs.split(",")) >= {"projet_titre", "contact_nom"}
    data = {
        "csrf_token": token,
        "version": version,
        "action": "enregistrer",
        "conflit_champs": champs,
        "projet_titre": "Titre du second onglet",
        "contact_nom": "M. B",
        "va_filet": f"candidature|{cid}",
    }
    data.update({f"conflit-{c}": "mienne" for c in champs.split(",")})
    data["conflit-contact_nom"] = "autre"
    done = second.post(f"/candidatures/{cid}/dossier/enregistrer", data=data)
    assert done.status_code == 302
    saved = _contenu(app, cid)
    assert saved["projet_titre"] == "Titre du second onglet"  # mine
    assert saved["contact_nom"] == "Mme A"  # the other's
    page = second.get(f"/candidatures/{cid}/dossier").get_data(as_text=True)
    assert f'<meta name="va-enregistre" content="candidature|{cid}">' in page


def test_a_refused_save_carries_no_saved_marker(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    second, resp, _ = _stale_post(
        app, cid, {"projet_titre": "Titre du second", "va_filet": f"candidature|{cid}"}
    )
    assert resp.status_code == 409 and "va-enregistre" not in resp.get_data(as_text=True)
    assert "va-enregistre" not in second.get("/candidatures").get_data(as_text=True)


def test_keep_it_saves_what_was_typed(cand_app):
    """« Non, le garder » used to be a link: what was typed since « Retirer… » was lost."""
    app, ids = cand_app
    cid = ids["commune"]
    client = logged(app, "commune")
    resp = post_dossier(client, cid, {"projet_titre": "Tapé après Retirer"}, action="garder")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("#patrimoine")
    assert _contenu(app, cid)["projet_titre"] == "Tapé après Retirer"


def test_the_form_posts_to_its_own_address_and_opts_in(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    html = logged(app, "commune").get(f"/candidatures/{cid}/dossier").get_data(as_text=True)
    assert (
        f'action="/candidatures/{cid}/dossier/enregistrer"' in html
    )  # no #patrimoine carried over
    assert f'data-conserve="candidature" data-fiche="{cid}"' in html
    assert "/static/js/filet.js" in html or "js/filet" in html


def test_a_save_after_the_session_ended_elsewhere_says_so(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    phone, pc = logged(app, "commune"), logged(app, "commune")
    token = csrf_token(phone, f"/candidatures/{cid}/dossier")
    pc.post("/deconnexion-partout", data={"csrf_token": csrf_token(pc, "/candidatures")})
    resp = phone.post(
        f"/candidatures/{cid}/dossier/enregistrer",
        data={"csrf_token": token, "projet_titre": "x", "va_filet": f"candidature|{cid}"},
    )
    assert resp.status_code == 302 and "/connexion" in resp.headers["Location"]
    page = phone.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Votre session a pris fin" in page and "gardé par ce navigateur" in page
    assert "va-enregistre" not in page


def test_the_mayors_dashboard_says_ajournee(cand_app):
    """Issue 23 n° 8: it said « Complétée… le Département reprend l'examen »."""
    from tests.web.test_commission import URL, _instructed, _post, _save

    app, ids = cand_app
    eng = _instructed(app, ids)
    assert _save(eng, ids).status_code == 302
    assert _post(eng, URL + "/arreter").status_code == 302
    resp = _post(
        eng,
        URL + "/decision",
        candidature=ids["commune"],
        decision="ajournee",
        motivation="Revoir le plan de financement",
    )
    assert resp.status_code == 302
    home = logged(app, "commune").get("/").get_data(as_text=True)
    assert "décision ajournée" in home and "a ajourné sa décision" in home
    assert "15/12/2026" in home and "reprend l&#39;examen" not in home
    other = logged(app, "commune_autre").get("/").get_data(as_text=True)
    assert "ajourn" not in other


def test_a_new_call_defaults_to_the_rules_in_force_and_shows_no_path(cand_app):
    """Issue 23 n° 6: it defaulted to the oldest version and showed a file path."""
    from village_avenir.parametres import load_regles

    app, _ = cand_app
    page = logged(app, "admin").get("/admin").get_data(as_text=True)
    with app.app_context():
        current = load_regles().version
    select = page[page.index('name="regles_version"') :]
    select = select[: select.index("</select>")]
    (chosen,) = re.findall(r'<option selected value="([^"]+)"', select) or re.findall(
        r'<option value="([^"]+)" selected', select
    )
    assert chosen == current
    assert "data/parametres" not in page and ".toml" not in page


@pytest.mark.parametrize("code", ["46042", "46102", "46001"])
def test_pages_a_mayor_reads_have_no_jargon(cand_app, code):
    """Issue 23 n° 11: « COG », « id_acv », « defaut-2026-11-30 », « version 12 », « Mio »."""
    app, ids = cand_app
    mayor = logged(app, "commune")
    pages = [
        mayor.get(f"/communes/{code}").get_data(as_text=True),
        mayor.get(f"/candidatures/{ids['commune']}/dossier").get_data(as_text=True),
        mayor.get(f"/candidatures/{ids['commune']}").get_data(as_text=True),
    ]
    for html in pages:
        for mot in ("COG", "id_acv", "id_pvd", "defaut-20", "Mio", "data/parametres"):
            assert mot not in html, mot
    assert "Candidature d&#39;Albas" in pages[2] or "Candidature d'Albas" in pages[2]


def test_sans_jargon():
    from village_avenir.formatting import sans_jargon

    assert sans_jargon("ANCT au COG 2023 (colonne id_acv), data.gouv.fr") == (
        "ANCT au code officiel géographique 2023, data.gouv.fr"
    )
    assert sans_jargon("par commune (COG 2023), colonne id_acv ; ORT") == (
        "par commune (code officiel géographique 2023) ; ORT"
    )
    assert sans_jargon(None) == ""


def test_the_forms_people_type_into_opt_into_the_safety_net(cand_app):
    from tests.web.test_courriels_evenements import _deposit

    app, ids = cand_app
    cid = ids["commune"]
    _deposit(app, "commune", cid)
    page = logged(app, "ingenieur").get(f"/instruction/{cid}").get_data(as_text=True)
    for nom in ("avis", "echange-departement", "instruction-decision"):
        assert f'data-conserve="{nom}" data-fiche="{cid}"' in page, nom
    assert "/static/js/filet.js" in page
    public = app.test_client().get("/communes/46001").get_data(as_text=True)
    assert "filet.js" not in public  # nothing kept for visitors without an account
