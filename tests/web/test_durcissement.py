"""Regression tests of the outside review (issue 14) that belong to no other area: caches,
refusal messages, rate limits."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.web.test_permissions import MATRIX, OK, setup  # noqa: F401  (fixture)

STATIC = ("/vendor/",)


@pytest.mark.parametrize("role", ["commune", "ingenieur"])
def test_private_answers_are_never_stored_by_a_cache(setup, role):  # noqa: F811
    """Issue 14 n° 10: no « Cache-Control: no-store » on private pages and exports."""
    app, ids = setup
    client = app.test_client()
    assert login(client, role).status_code == 302
    missing = []
    for method, _rule, path_tpl, expected in MATRIX:
        if method != "GET" or expected[role] != OK or path_tpl.startswith(STATIC):
            continue
        resp = client.get(path_tpl.format(**ids))
        if resp.status_code < 400 and resp.headers.get("Cache-Control") != "no-store":
            missing.append(f"{path_tpl} ({resp.status_code})")
    assert not missing, missing
    assert "no-store" not in client.get("/vendor/leaflet/leaflet.css").headers.get(
        "Cache-Control", ""
    )


def test_public_pages_stay_cacheable_for_anonymous_visitors(client):
    resp = client.get("/carte/communes.csv")
    assert resp.status_code == 200
    assert "no-store" not in resp.headers.get("Cache-Control", "")
    assert client.get("/connexion").headers["Cache-Control"] == "no-store"  # sets a cookie


# ---- n° 2: bounded drafts and declarations, capped journal, writes per minute ----------


def _journal_sizes(app) -> list[int]:
    from sqlmodel import Session, select

    from village_avenir.models import Journal

    with Session(app.extensions["village_avenir.engine"]) as s:
        return [len(j.avant or "") + len(j.apres or "") for j in s.exec(select(Journal)).all()]


def test_an_oversized_draft_is_refused_and_kept_in_the_form(cand_app):
    from tests.web.conftest import logged, post_dossier

    app, ids = cand_app
    client = logged(app, "commune")
    huge = "é" * 200_000  # 400 kB of UTF-8: under werkzeug's form limit, over the field's
    resp = post_dossier(client, ids["commune"], {"projet_description": huge, "contact_nom": "A"})
    assert resp.status_code == 400
    body = resp.get_data(as_text=True)
    assert "pas été enregistré" in body and "20\u202f000 au plus" in body
    assert "contact_nom" in body and 'value="A"' in body  # the rest of the input is kept
    assert max(_journal_sizes(app)) < 5_000  # nothing of it journaled


def test_a_declared_value_source_is_bounded(users_app):
    from tests.conftest import csrf_token

    own = users_app.test_client()
    login(own, "commune")
    data = {
        "donnee": "petit_patrimoine_a_restaurer",
        "valeur": "5",
        "annee": "2025",
        "source": "x" * 100_000,
        "csrf_token": csrf_token(own, "/communes/46001"),
    }
    resp = own.post("/diagnostic/communes/46001/valeurs", data=data)
    assert resp.status_code == 400 and "300 au plus" in resp.get_data(as_text=True)


def test_the_journal_caps_what_it_keeps():
    import json

    from village_avenir.services.audit import JOURNAL_MAX, cap

    one = json.loads(cap({"texte": "a" * 50_000}))
    assert len(one["texte"]) < 2_100 and "tronqué : 50000 caractères" in one["texte"]
    many = cap({f"k{i}": "b" * 1_999 for i in range(100)})
    assert len(many) <= JOURNAL_MAX + 100 and "tronque" in json.loads(many)
    assert json.loads(cap({"n": 3, "l": ["x"]})) == {"n": 3, "l": ["x"]}


def test_writes_per_account_per_minute_are_limited(cand_app):
    from tests.web.conftest import logged, post_dossier

    app, ids = cand_app
    app.config["ECRITURES_PAR_MINUTE"] = 3
    client = logged(app, "commune")
    codes = [
        post_dossier(client, ids["commune"], {"projet_titre": f"Titre {n}"}).status_code
        for n in range(5)
    ]
    assert codes[:3] == [302, 302, 302] and codes[3] == 429
    assert "attendez une minute" in post_dossier(client, ids["commune"], {}).get_data(as_text=True)
    # Another account is not concerned (the count is per account, in the database).
    assert post_dossier(logged(app, "commune_autre"), ids["commune_autre"], {}).status_code == 302


# ---- n° 9: free texts bounded on the server --------------------------------------------


def test_a_complement_request_is_bounded(cand_app):
    from tests.web.conftest import logged
    from tests.web.test_instruction import _deposit, _etat, _move

    app, ids = cand_app
    _deposit(app, ids["commune"])
    eng = logged(app, "ingenieur")
    assert _move(eng, ids["commune"], "en_instruction").status_code == 302
    resp = _move(eng, ids["commune"], "complement_demande", "x" * 50_000)
    assert resp.status_code in (400, 409) and "10000 au plus" in resp.get_data(as_text=True)
    assert _etat(app, ids["commune"]) == "en_instruction"


# ---- n° 11: the right refusal messages ------------------------------------------------


def test_a_too_large_text_field_is_not_called_a_file(cand_app):
    from tests.web.conftest import logged, post_dossier

    app, ids = cand_app
    resp = post_dossier(logged(app, "commune"), ids["commune"], {"logement_projets": "x" * 600_000})
    assert resp.status_code == 413
    body = resp.get_data(as_text=True)
    assert "un texte dépasse 500 000 caractères" in body and "Le fichier envoyé" not in body


def test_too_many_fields_are_not_called_a_file(cand_app):
    from tests.web.conftest import logged, post_dossier

    app, ids = cand_app
    fields = {f"champ{n}": "x" for n in range(1_200)}
    resp = post_dossier(logged(app, "commune"), ids["commune"], fields)
    assert resp.status_code == 413 and "plus de 1 000 champs" in resp.get_data(as_text=True)


def test_a_file_over_the_request_limit_keeps_the_file_message(client):
    resp = client.post(
        "/connexion", data=b"x" * (21 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert resp.status_code == 413
    assert "Le fichier envoyé dépasse la taille autorisée" in resp.get_data(as_text=True)


@pytest.mark.parametrize("raw", [b"email=a\xffb%40x.fr", b"email=a%FFb%40x.fr"])
def test_invalid_utf8_is_not_called_a_csrf_problem(client, raw):
    from tests.conftest import csrf_token

    token = csrf_token(client, "/connexion")
    body = raw + b"&mot_de_passe=xxxxxxxxxxxx&csrf_token=" + token.encode()
    resp = client.post("/connexion", data=body, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400
    text = resp.get_data(as_text=True)
    assert "pas de l&#39;UTF-8" in text and "CSRF" not in text


def test_invalid_utf8_in_a_multipart_form_is_refused_not_replaced(client):
    from tests.conftest import csrf_token

    token = csrf_token(client, "/connexion")
    fields = [
        (b"email", b"maire\xff@x.fr"),
        (b"mot_de_passe", b"xxxxxxxxxxxx"),
        (b"csrf_token", token.encode()),
    ]
    body = (
        b"".join(
            b'--borne\r\nContent-Disposition: form-data; name="'
            + name
            + b'"\r\n\r\n'
            + value
            + b"\r\n"
            for name, value in fields
        )
        + b"--borne--\r\n"
    )
    resp = client.post("/connexion", data=body, content_type="multipart/form-data; boundary=borne")
    assert resp.status_code == 400
    text = resp.get_data(as_text=True)
    assert "pas de l&#39;UTF-8" in text and "CSRF" not in text


# ---- n° 5: choice lists validated at deposit --------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"), [("patrimoine-0-protection", "inventee"), ("patrimoine-0-etat", "neuf")]
)
def test_heritage_choices_outside_the_lists_cannot_be_deposited(cand_app, field, value):
    import io

    from tests.pdfs import PDF
    from tests.web.conftest import COMPLETE, logged, post_dossier
    from village_avenir.db import get_session
    from village_avenir.models import Candidature
    from village_avenir.services.candidatures import dossiers as svc

    app, ids = cand_app
    resp = post_dossier(
        logged(app, "commune"),
        ids["commune"],
        {**COMPLETE, field: value},
        action="deposer",
        files={"deliberation": (io.BytesIO(PDF), "d.pdf")},
    )
    assert resp.status_code == 400
    with app.app_context():
        cand = get_session().get(Candidature, ids["commune"])
        assert cand.etat == "brouillon"
        assert any("dans la liste" in m for m in svc.missing(cand))  # the service refuses too


# ---- n° 6: impossible dates and odd digits ----------------------------------------------


@pytest.mark.parametrize("bad", ["2026-99-99", "0000", "9999-01", "٢٠٢٤", "２０２４-01-01"])
def test_membership_date_is_a_real_date(users_app, bad):
    from sqlmodel import Session, select

    from tests.conftest import csrf_token
    from village_avenir.models import Adhesion

    client = users_app.test_client()
    login(client, "ingenieur")
    data = {
        "programme": "acbmc",
        "niveau_preuve": "officiel",
        "source": "Convention Massif central",
        "date_source": bad,
        "motif": "Convention reçue",
        "csrf_token": csrf_token(client, "/communes/46001/adhesions"),
    }
    resp = client.post("/communes/46001/adhesions", data=data)
    assert resp.status_code == 400
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        assert not s.exec(select(Adhesion).where(Adhesion.programme == "acbmc")).all()


def test_campaign_dates_are_sane_and_do_not_overlap(users_app):
    from tests.conftest import csrf_token
    from tests.web.conftest import logged

    admin = logged(users_app, "admin")
    base = {"csrf_token": csrf_token(admin, "/admin"), "regles_version": "2021-01"}

    def create(nom, ouverture, cloture):
        data = {**base, "nom": nom, "ouverture": ouverture, "cloture": cloture}
        return admin.post("/admin/campagnes", data=data)

    assert create("Bizarre", "0001-01-01", "9999-12-31").status_code == 400
    assert create("Chiffres", "２０２７-01-01", "2027-03-31").status_code == 400
    assert create("Impossible", "2027-02-30", "2027-03-31").status_code == 400
    assert create("Appel 2027", "2027-01-01", "2027-03-31").status_code == 302
    resp = create("Chevauche", "2027-03-01", "2027-06-30")
    assert resp.status_code == 400 and "chevauchent" in resp.get_data(as_text=True)
    assert create("Appel 2027 bis", "01/04/2027", "30/06/2027").status_code == 302


def test_plan_budget_refuses_arabic_indic_digits(users_app):
    from tests.conftest import csrf_token
    from village_avenir.db import get_session
    from village_avenir.domain.planning import Need
    from village_avenir.parametres import load_catalogue_actions
    from village_avenir.services import plans as sp

    with users_app.app_context():
        needs = [Need("logement", "logements_vacants", 80, "visite")]
        sp.propose(get_session(), "46001", needs, load_catalogue_actions(), qui="tests")
    client = users_app.test_client()
    login(client, "ingenieur")
    path = "/communes/46001/plan/actions/1/modifier"
    data = {"budget": "١٢٠٠٠", "porteur": "Commune", "statut": "prevue", "version": "1"}
    resp = client.post(
        path, data={**data, "csrf_token": csrf_token(client, "/communes/46001/plan/actions/1")}
    )
    assert resp.status_code == 400 and "chiffres 0 à 9" in resp.get_data(as_text=True)


# ---- n° 8: engineers' e-mail addresses never shown to commune users ----------------------

ENGINEER = "ingenieur@lot.test"


def test_commune_users_see_names_and_the_departement_not_addresses(cand_app):
    from tests.conftest import csrf_token
    from tests.web.conftest import logged
    from tests.web.test_instruction import _deposit, _move

    app, ids = cand_app
    cid = ids["commune"]
    commune = _deposit(app, cid)
    eng = logged(app, "ingenieur")
    assert _move(eng, cid, "en_instruction").status_code == 302
    assert _move(eng, cid, "complement_demande", "Merci de joindre le devis.").status_code == 302
    token = csrf_token(eng, "/communes/46001")
    data = {
        "donnee": "petit_patrimoine_a_restaurer",
        "valeur": "4",
        "annee": "2025",
        "source": "Visite",
        "csrf_token": token,
    }
    assert eng.post("/diagnostic/communes/46001/valeurs", data=data).status_code == 302
    token = csrf_token(eng, "/communes/46001/plan/proposer")
    data = {"csrf_token": token, "b_sante": "90", "source": "ARS", "version": "0"}
    assert eng.post("/communes/46001/plan/proposer", data=data).status_code == 302
    token = csrf_token(eng, "/communes/46001/plan/actions/1")
    data = {"csrf_token": token, "action_id": "srv-tiers-lieu", "horizon": "", "version": "1"}
    eng.post("/communes/46001/plan/actions", data=data)
    pages = [
        f"/candidatures/{cid}",
        "/communes/46001",
        "/communes/46001/plan",
        "/communes/46001/plan.csv",
        "/communes/46001/plan/impression",
    ]
    for path in pages:
        body = commune.get(path).get_data(as_text=True)
        assert ENGINEER not in body, path
    assert "Département du Lot" in commune.get(f"/candidatures/{cid}").get_data(as_text=True)
    assert ENGINEER in eng.get(f"/candidatures/{cid}").get_data(as_text=True)  # staff see it


# ---- n° 13: account events in their own journal ------------------------------------------


def test_logins_stay_out_of_the_sheet_history_and_go_to_the_account_journal(cand_app):
    from tests.web.conftest import logged

    app, _ = cand_app
    for _ in range(31):
        logged(app, "commune")
    sheet = logged(app, "commune").get("/communes/46001").get_data(as_text=True)
    assert "Compte : connexion" not in sheet
    assert "Candidature : création" in sheet  # the real change is still in the history
    journal = logged(app, "admin").get("/admin/journal-des-comptes")
    assert journal.status_code == 200
    assert journal.get_data(as_text=True).count("Compte : connexion") >= 31
    assert logged(app, "ingenieur").get("/admin/journal-des-comptes").status_code == 403
