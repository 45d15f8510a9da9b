"""Hostile input on EVERY form: each POST route of the app is posted Hypothesis-generated
values (unicode with NUL and RTL marks, very long strings, huge / negative / NaN / infinite
numbers, missing, duplicated and extra fields, JSON / plain-text / invalid UTF-8 bodies,
uploads named ``../../x.pdf`` or holding garbage) with a valid CSRF token, as a role allowed
to use it (tests/web/test_permissions.py MATRIX).

The fields are read from the form the app serves, so a new field is fuzzed automatically; a
new POST route fails ``test_every_post_route_has_a_fuzz_target`` until it gets a form page
below. After each example: no 5xx, no traceback; a refusal (4xx) changed nothing but a draft;
every change has its journal entry; no half-record (see fuzz_checks.integrity_problems).

SQLite only (PostgreSQL is covered by the rest of the suite); derandomized, no example
database, so CI runs the same examples every time. ``VILLAGE_AVENIR_FUZZ_EXAMPLES`` sets the
number of examples per route (default 12; e.g. 200 for a longer local run).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tests.conftest import PASSWORD, USERS, csrf_token, login, make_app
from tests.web import fuzz_checks as db
from tests.web import fuzz_support as fz
from tests.web.conftest import COMPLETE, post_dossier
from tests.web.test_permissions import MATRIX, OK
from village_avenir.db import get_session
from village_avenir.parametres import load_regles

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

EXAMPLES = int(os.environ.get("VILLAGE_AVENIR_FUZZ_EXAMPLES", "12"))
POSTS = {rule: (path, expected) for method, rule, path, expected in MATRIX if method == "POST"}
# The page that serves the form of each POST route (None: the route's own path). {A}: the
# application of 46001, {U}: the « commune_autre » account, {J}: an invitation token.
FORM_PAGES = {
    "/connexion": None,
    "/deconnexion": "/communes",
    "/deconnexion-partout": "/communes",
    "/invitation/<jeton>": "/invitation/{J}",
    "/invitation": None,  # after PREPARE opened the invitation
    "/mot-de-passe-oublie": None,
    "/mot-de-passe/<jeton>": "/mot-de-passe/{R}",
    "/mot-de-passe/nouveau": None,  # after PREPARE opened the reset link
    "/compte/mot-de-passe": "/compte",
    "/candidatures/nouvelle": None,
    # the application form: one route per button (formaction), all on the form's page
    **{
        f"/candidatures/<int:cid>/dossier/{end}": "/candidatures/{A}/dossier"
        for end in ("enregistrer", "ajouter", "retirer/<int:index>", "deposer")
    },
    # the confirmation of a removal (its two buttons) is served once « Retirer… » was pressed
    **{
        f"/candidatures/<int:cid>/dossier/{end}": "/candidatures/{A}/dossier?retrait=0"
        for end in ("retirer/<int:index>/confirmer", "garder")
    },
    "/candidatures/<int:cid>/reponse": "/candidatures/{A}",
    "/candidatures/<int:cid>/depot": None,
    "/instruction/<int:cid>/transition": "/instruction/{A}",
    "/instruction/<int:cid>/echange": "/instruction/{A}",
    "/instruction/<int:cid>/avis": "/instruction/{A}",
    "/communes/<code>/adhesions": None,
    # Campaign 2 holds a session being prepared, campaign 1 a frozen one (see template).
    "/campagnes/<int:campagne_id>/commission": "/campagnes/2/commission",
    "/campagnes/<int:campagne_id>/commission/arreter": "/campagnes/2/commission",
    "/campagnes/<int:campagne_id>/commission/decision": "/campagnes/1/commission",
    "/communes/<code>/adhesions/<int:adhesion_id>/<any(confirmer, retirer):action>": "/communes/46015/adhesions",
    "/adhesions/<int:adhesion_id>/<any(confirmer, ecarter):action>": "/adhesions/a-confirmer",
    "/communes/<code>/plan/proposer": None,
    "/communes/<code>/plan/actions": "/communes/46001/plan",
    **{
        f"/communes/<code>/plan/actions/<int:cle>/{verb}": "/communes/46001/plan/actions/1"
        for verb in ("modifier", "horizon", "supprimer", "placer")
    },
    # Projet stratégique: 46001's plan v2 is validated, v3 is not (see template).
    "/communes/<code>/plan/projet": None,
    "/communes/<code>/plan/actions/<int:cle>/fiche": None,
    "/communes/<code>/plan/valider": "/communes/46001/plan",
    "/communes/<code>/plan/versions/<int:numero>/deliberation": "/communes/46001/plan",
    "/communes/<code>/plan/suivi/<int:cle>": "/communes/46001/plan/suivi",
    "/communes/<code>/plan/suivi/propositions/<int:entry_id>": "/communes/46001/plan/suivi",
    "/communes/<code>/plan/revues": "/communes/46001/plan/suivi",
    "/diagnostic/ponderation": None,
    "/diagnostic/instantanes": "/diagnostic/classement",
    "/diagnostic/imports": None,
    "/diagnostic/communes/<code>/valeurs": "/communes/46001",
    "/diagnostic/communes/<code>/valeurs/<donnee>/validation": "/communes/46001",
    "/diagnostic/communes/<code>/ajustements": "/communes/46001",
    "/diagnostic/ajustements/<int:ident>/retrait": "/communes/46001",
    # heritage: item 1 is 46001's declaration waiting for validation (see template)
    "/communes/<code>/patrimoine/nouveau": None,
    "/communes/<code>/patrimoine/<int:element_id>": None,
    "/communes/<code>/patrimoine/<int:element_id>/supprimer": "/communes/46001/patrimoine/1",
    "/communes/<code>/patrimoine/<int:element_id>/valider": "/communes/46001/patrimoine",
    "/communes/<code>/patrimoine/<int:element_id>/refuser": "/communes/46001/patrimoine",
    "/patrimoine/imports": None,
    "/admin/invitations": "/admin",
    "/patrimoine/visite/<code>/envoi": "/patrimoine/visite/46001",
    "/admin/campagnes": "/admin",
    "/admin/utilisateurs/<int:uid>/actif": "/admin",
    "/admin/courriels/<int:ident>/renvoyer": "/admin/courriels",
    "/admin/utilisateurs/<int:uid>/deverrouiller": "/admin",
    "/admin/invitations/<int:ident>/revoquer": "/admin",
    "/admin/campagnes/<int:ident>": None,
    "/admin/campagnes/<int:ident>/clore": "/admin",
}
# Routes whose form is posted logged in although anyone may post them.
ROLE = {"/deconnexion": "commune", "/deconnexion-partout": "commune"}


def _open_link(path: str):
    """A step before the form is served: « Continuer » on an e-mailed link (the token then
    lives in the client's session)."""

    def prepare(client, ids):
        page = path.format(**ids)
        token = re.search(
            r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
            client.get(page).get_data(as_text=True),
        )
        assert token, f"pas de formulaire « Continuer » sur {page}"
        assert client.post(page, data={"csrf_token": token.group(1)}).status_code == 302

    return prepare


PREPARE = {
    "/invitation": _open_link("/invitation/{J}"),
    "/mot-de-passe/nouveau": _open_link("/mot-de-passe/{R}"),
}
# Only the application form saves a draft when it refuses to deposit (and journals it).
DRAFTS = {
    rule: {"candidature"}
    for rule in FORM_PAGES
    if rule.startswith("/candidatures/<int:cid>/dossier/")
}


def role_for(rule: str) -> str:
    expected = POSTS[rule][1]
    if rule in ROLE:
        return ROLE[rule]
    if expected["anonyme"] == OK:
        return "anonyme"
    return next(r for r in ("commune", "ingenieur", "admin") if expected[r] == OK)


def test_every_post_route_has_a_fuzz_target(app):
    rules = {
        r.rule for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint != "static"
    }
    assert rules == set(POSTS), "route POST absente de la matrice des permissions"
    assert rules == set(FORM_PAGES), (
        f"route POST sans page de formulaire à fuzzer : {rules ^ set(FORM_PAGES)}"
    )


def _submit_defaults(client, page: str, **values):
    html = client.get(page).get_data(as_text=True)
    form = fz.form_for(html, page, page)
    assert form, f"pas de formulaire sur {page}"
    return client.post(page, data={**fz.defaults(form), **values})


@pytest.fixture(scope="module")
def template(lot_template, tmp_path_factory):
    """A database with accounts, an open campaign, 46001's draft, a plan, a declared value,
    a score adjustment and an invitation, built through the app; copied for each route."""
    from datetime import date, timedelta

    from village_avenir.services import campagnes
    from village_avenir.services import diagnostic as diag
    from village_avenir.services.candidatures import dossiers as cands
    from village_avenir.services.comptes import invitations, motdepasse
    from village_avenir.services.comptes import utilisateurs as comptes

    path = tmp_path_factory.mktemp("fuzz") / "modele.sqlite3"
    shutil.copyfile(lot_template.removeprefix("sqlite:///"), path)
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        s = get_session()
        for key, (email, commune) in USERS.items():
            role = "commune" if key.startswith("commune") else key
            comptes.create_user(
                s,
                email=email,
                nom=key,
                role=role,
                password=PASSWORD,
                commune_code=commune,
                qui="tests",
            )
        today = date.today()
        campagnes.create_campaign(
            s,
            nom="Appel 2026",
            ouverture=today - timedelta(days=1),
            cloture=today + timedelta(days=30),
            regles_version="2021-01",
            qui="tests",
        )
        cid = cands.start(s, code_insee="46001", statut="eligible", raisons=[], qui="tests").id
        diag.declare_value(
            s,
            code_insee="46001",
            indicateur="petit_patrimoine_a_restaurer",
            valeur="3",
            annee="2025",
            source="Mairie",
            qui="tests",
            origine="declaree",
        )
        diag.override_score(
            s,
            code_insee="46001",
            domaine="services",
            valeur="60",
            motif="Visite de terrain de la commune",
            qui="tests",
        )
        jeton = invitations.invite(
            s, email="secretaire@albas.test", nom="Secrétaire", commune_code="46001", qui="tests"
        )
        reinit = motdepasse.request_reset(s, USERS["commune_autre"][0], minutes=60)
        from village_avenir.services import patrimoine

        maire = s.exec(
            select(comptes.Utilisateur).where(comptes.Utilisateur.email == USERS["commune"][0])
        ).one()
        patrimoine.create_element(
            s, "46001", {"nom": "Lavoir du bourg", "type": "lavoir", "etat": "mauvais"}, maire
        )
        uid = s.exec(
            select(comptes.Utilisateur.id).where(comptes.Utilisateur.nom == "commune_autre")
        ).one()
    engineer = app.test_client()
    login(engineer, "ingenieur")
    # 46001's application deposited, then a complement requested: the commune may still edit
    # and answer, the engineer may still decide, so that every form is served.
    owner = app.test_client()
    login(owner, "commune")
    files = {"deliberation": (io.BytesIO(fz.PDF), "deliberation.pdf")}
    assert post_dossier(owner, cid, COMPLETE, action="deposer", files=files).status_code == 302
    for cible, motif in (("en_instruction", ""), ("complement_demande", "Joindre le devis.")):
        version = re.search(
            r'name="version" (?:type="hidden" )?value="(\d+)"',
            engineer.get(f"/instruction/{cid}").get_data(as_text=True),
        )
        resp = engineer.post(
            f"/instruction/{cid}/transition",
            data={
                "csrf_token": csrf_token(engineer, f"/instruction/{cid}"),
                "cible": cible,
                "motif": motif,
                "version": version.group(1) if version else "",
                "confirmation": "1",
            },
        )
        assert resp.status_code == 302, resp.get_data(as_text=True)[:3000]
    needs = {
        "b_patrimoine_bati": "80",
        "b_logements_vacants": "70",
        "b_commerce": "60",
        "source": "Visite de terrain du 12/11/2026",
    }
    resp = _submit_defaults(engineer, "/communes/46001/plan/proposer", **needs)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    _projet(app)
    _committees(app, cid)
    app.extensions["village_avenir.engine"].dispose()
    return path, app.config["PIECES_DIR"], {"A": cid, "U": uid, "J": jeton, "R": reinit}


def _projet(app):
    """46001's plan validated (v2), then changed (v3, not validated: the validation form is
    served), and a status of action 1 proposed by the commune (the decision form)."""
    from village_avenir.parametres import load_catalogue_actions, load_financements
    from village_avenir.services import plans as sp
    from village_avenir.services.plans import suivi, validation

    with app.app_context():
        s = get_session()
        v = validation.validate(
            s, "46001", load_catalogue_actions(), load_financements(), qui="tests"
        )
        assert v.numero == 2
        action = sp.actions_of(s, v)[0]
        assert action.cle == 1
        sp.move_action(
            s,
            "46001",
            2,
            "long" if sp.actions_of(s, v)[1].horizon != "long" else "court",
            qui="tests",
        )
        suivi.set_statut(
            s, "46001", 1, "engagee", date.today(), "", qui=USERS["commune"][0], par_commune=True
        )


def _committees(app, cid):
    """Campaign 1: a frozen committee pack with 46001's application (decision forms);
    campaign 2 (closed, no application): a session being prepared (session and freeze forms)."""
    from datetime import date, timedelta

    from village_avenir.services import campagnes
    from village_avenir.services.commission import seance as commission

    with app.app_context():
        s = get_session()
        rules = load_regles()
        today = date.today()
        first = campagnes.list_campaigns(s)[0]
        other = campagnes.create_campaign(
            s,
            nom="Appel 2024",
            ouverture=today - timedelta(days=700),
            cloture=today - timedelta(days=600),
            regles_version="2021-01",
            qui="tests",
        )
        commission.save_session(
            s, first, date_seance=today, membres="Mme la Présidente", ordre=[cid], qui="tests"
        )
        commission.freeze(s, first, rules, qui="tests")
        commission.save_session(s, other, date_seance=today, membres="", ordre=[], qui="tests")


def _copy(template, tmp_path):
    """A private copy of the template database and its uploaded files."""
    source, pieces, ids = template
    shutil.copyfile(source, tmp_path / "db.sqlite3")
    app = make_app(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    shutil.copytree(pieces, app.config["PIECES_DIR"], dirs_exist_ok=True)
    return app, ids


@pytest.mark.parametrize("rule", sorted(POSTS))
def test_hostile_input_on_every_form(template, rule, tmp_path):
    app, ids = _copy(template, tmp_path)
    engine = app.extensions["village_avenir.engine"]
    client = app.test_client()
    role = role_for(rule)
    if role != "anonyme":
        assert login(client, role).status_code == 302
    if rule in PREPARE:
        PREPARE[rule](client, ids)
    page = (FORM_PAGES[rule] or POSTS[rule][0]).format(**ids)
    html = client.get(page).get_data(as_text=True)
    # The MATRIX's own target when the page offers it (e.g. not the admin's own account).
    structure = fz.form_for(html, POSTS[rule][0].format(**ids), page)
    structure = structure or _form_of_rule(app, html, page, rule)
    assert structure, f"pas de formulaire {rule} sur {page} pour « {role} »"
    path = structure.action or page
    allowed = DRAFTS.get(rule, set())
    seen: set[int] = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        mode, fields = data.draw(fz.submission(structure), label="requête")
        served = client.get(page)
        html = served.get_data(as_text=True)
        if role != "anonyme" and (served.status_code == 302 or 'action="/deconnexion"' not in html):
            login(client, role)  # an example ended the session (logout, deactivated account…)
            html = client.get(page).get_data(as_text=True)
        # The form may no longer be offered (e.g. the action was removed): post anyway.
        payload = fz.resolve(fields, fz.form_for(html, path, page), _token(html, client))
        before = db.snapshot(engine)
        resp = fz.send(client, path, mode, payload)
        body = resp.get_data(as_text=True)
        seen.add(resp.status_code)
        assert resp.status_code < 500, body[:2000]
        assert "Traceback" not in body and 'File "' not in body
        assert "jeton CSRF" not in body, "refus CSRF : l'exemple n'a pas atteint la vue"
        after = db.snapshot(engine)
        changed = db.changed_tables(before, after)
        if resp.status_code >= 400:
            assert changed <= allowed, f"refus {resp.status_code} mais {changed} modifiées"
        if changed:
            assert after["journal"] > before["journal"], f"{changed} modifiées sans journal"
        problems = db.integrity_problems(engine, app.config["PIECES_DIR"])
        assert not problems, problems

    run()
    engine.dispose()
    assert seen, "aucune requête envoyée"


def _form_of_rule(app, html: str, page: str, rule: str):
    """The first form of ``page`` posted to a URL of ``rule`` (its concrete path is then used)."""
    from werkzeug.exceptions import HTTPException

    adapter = app.url_map.bind("localhost")
    for form in fz.forms_of(html):
        try:
            found, _ = adapter.match(form.action or page, method="POST", return_rule=True)
        except HTTPException:
            continue
        if found.rule == rule:
            return form
    return None


def _token(html: str, client) -> str:
    import re

    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    if match:
        return match.group(1)
    for other in ("/communes", "/connexion"):  # logged in: the logout form; else the login one
        match = re.search(
            r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
            client.get(other).get_data(as_text=True),
        )
        if match:
            return match.group(1)
    raise AssertionError("aucun jeton CSRF servi")


def test_the_fuzzed_forms_are_the_real_ones(template, tmp_path):
    """The parser finds the fields a user fills in (else the fuzz would post nothing useful)."""
    app, ids = _copy(template, tmp_path)
    client = app.test_client()
    login(client, "commune")
    html = client.get(f"/candidatures/{ids['A']}/dossier").get_data(as_text=True)
    form = fz.form_for(html, f"/candidatures/{ids['A']}/dossier/enregistrer")
    assert {"projet_titre", "deliberation", "version"} <= set(form.fields)
    assert form.fields["deliberation"].kind == "file"
    assert f"/candidatures/{ids['A']}/dossier/deposer" in form.formactions
    client = app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46001/plan/actions/1").get_data(as_text=True)
    form = fz.form_for(html, "/communes/46001/plan/actions/1/modifier")
    assert {"budget", "porteur", "statut", "version"} <= set(form.fields)
    assert form.fields["statut"].kind == "select" and len(form.fields["statut"].options) > 1
    engine = app.extensions["village_avenir.engine"]
    assert db.integrity_problems(engine, app.config["PIECES_DIR"]) == []


def test_the_checks_catch_half_records_and_unjournaled_writes(template, tmp_path):
    """The invariants can fail: a half-saved upload, a NUL, an over-long value, a plan version
    without its journal entry are reported; a write shows in the snapshot."""
    from sqlalchemy import text

    app, ids = _copy(template, tmp_path)
    engine = app.extensions["village_avenir.engine"]
    before = db.snapshot(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE candidature SET deliberation_sha256 = NULL"))
        conn.execute(text("UPDATE campagne SET nom = 'a' || char(0) || 'b'"))
        conn.execute(text("UPDATE utilisateur SET role = :r"), {"r": "x" * 21})
        conn.execute(text("DELETE FROM journal WHERE objet = 'plan'"))
    after = db.snapshot(engine)
    assert db.changed_tables(before, after) == {"candidature", "campagne", "utilisateur"}
    assert after["journal"] < before["journal"]
    problems = " | ".join(db.integrity_problems(engine, app.config["PIECES_DIR"]))
    for expected in (
        "pièce à moitié",
        "campagne.nom",
        "utilisateur.role",
        "sans entrée au journal",
    ):
        assert expected in problems, problems
