"""Permission matrix: EVERY route × every role → allowed / forbidden (403) / sent to login;
a commune user trying another commune's application by URL and by form-field tampering;
every POST without a CSRF token refused.

Outcomes: ``ok`` = served (any status < 500 except 403 and a redirect to the login page:
a 409 for an invalid transition is an allowed request refused on its merits), ``403``,
``login`` (302 to /connexion).
"""

import io
import json

import pytest
from sqlmodel import Session, select

from tests.conftest import add_users, csrf_token, login, lot_copy
from tests.web.conftest import PDF, logged, open_campaign_with_drafts, post_dossier
from village_avenir.models import Candidature, Echange, Utilisateur

ROLES = ["anonyme", "commune", "commune_autre", "ingenieur", "admin"]
OK, NO, LOGIN = "ok", "403", "login"
PUBLIC = dict.fromkeys(ROLES, OK)
LOGGED = {"anonyme": LOGIN, **dict.fromkeys(ROLES[1:], OK)}
OWNER = {"anonyme": LOGIN, "commune": OK, "commune_autre": NO, "ingenieur": OK, "admin": OK}
OWNER_ONLY = {"anonyme": LOGIN, "commune": OK, "commune_autre": NO, "ingenieur": NO, "admin": NO}
COMMUNES = {"anonyme": LOGIN, "commune": OK, "commune_autre": OK, "ingenieur": NO, "admin": NO}
DEPARTEMENT = {"anonyme": LOGIN, "commune": NO, "commune_autre": NO, "ingenieur": OK, "admin": OK}
ADMIN = {"anonyme": LOGIN, "commune": NO, "commune_autre": NO, "ingenieur": NO, "admin": OK}

# The buttons of the application form: (end of the rule, end of the concrete path).
DOSSIER_BUTTONS = [
    ("enregistrer", "enregistrer"),
    ("ajouter", "ajouter"),
    ("retirer/<int:index>", "retirer/0"),
    ("retirer/<int:index>/confirmer", "retirer/0/confirmer"),
    ("garder", "garder"),
    ("deposer", "deposer"),
]
# (method, rule, concrete path, expected outcome per role). {A}: the application of the
# « commune » user's commune (46001); {U}: the « commune_autre » account.
MATRIX = [
    ("GET", "/", "/", PUBLIC),
    ("GET", "/mentions-legales", "/mentions-legales", PUBLIC),
    ("GET", "/accessibilite", "/accessibilite", PUBLIC),
    ("GET", "/donnees-personnelles", "/donnees-personnelles", PUBLIC),
    ("GET", "/communes", "/communes", PUBLIC),
    ("GET", "/communes/<code>", "/communes/46001", PUBLIC),
    ("GET", "/api/communes", "/api/communes?q=Albas", PUBLIC),
    ("GET", "/api/communes/<code>", "/api/communes/46001", PUBLIC),
    ("GET", "/sante", "/sante", PUBLIC),
    ("GET", "/api/openapi.json", "/api/openapi.json", PUBLIC),
    ("GET", "/vendor/leaflet/<path:filename>", "/vendor/leaflet/leaflet.css", PUBLIC),
    ("GET", "/carte", "/carte", PUBLIC),
    ("GET", "/carte/tableau", "/carte/tableau", PUBLIC),
    ("GET", "/carte/communes.csv", "/carte/communes.csv", PUBLIC),
    ("GET", "/carte/communes.geojson", "/carte/communes.geojson", PUBLIC),
    ("GET", "/connexion", "/connexion", PUBLIC),
    ("POST", "/connexion", "/connexion", PUBLIC),
    ("POST", "/deconnexion", "/deconnexion", PUBLIC),
    ("POST", "/deconnexion-partout", "/deconnexion-partout", LOGGED),
    ("GET", "/invitation/<jeton>", "/invitation/inconnu", PUBLIC),
    ("POST", "/invitation/<jeton>", "/invitation/inconnu", PUBLIC),
    ("GET", "/invitation", "/invitation", PUBLIC),
    ("POST", "/invitation", "/invitation", PUBLIC),
    ("GET", "/mot-de-passe-oublie", "/mot-de-passe-oublie", PUBLIC),
    ("POST", "/mot-de-passe-oublie", "/mot-de-passe-oublie", PUBLIC),
    ("GET", "/mot-de-passe/<jeton>", "/mot-de-passe/inconnu", PUBLIC),
    ("POST", "/mot-de-passe/<jeton>", "/mot-de-passe/inconnu", PUBLIC),
    ("GET", "/mot-de-passe/nouveau", "/mot-de-passe/nouveau", PUBLIC),
    ("POST", "/mot-de-passe/nouveau", "/mot-de-passe/nouveau", PUBLIC),
    ("GET", "/compte", "/compte", LOGGED),
    ("POST", "/compte/mot-de-passe", "/compte/mot-de-passe", LOGGED),
    ("GET", "/candidatures", "/candidatures", LOGGED),
    ("GET", "/candidatures/export.csv", "/candidatures/export.csv", DEPARTEMENT),
    ("GET", "/candidatures/nouvelle", "/candidatures/nouvelle", COMMUNES),
    ("POST", "/candidatures/nouvelle", "/candidatures/nouvelle", COMMUNES),
    ("GET", "/candidatures/<int:cid>", "/candidatures/{A}", OWNER),
    ("GET", "/candidatures/<int:cid>/dossier", "/candidatures/{A}/dossier", OWNER_ONLY),
    # one route per button of the application form (views/candidatures/dossier.py)
    *[
        (
            "POST",
            f"/candidatures/<int:cid>/dossier/{end}",
            f"/candidatures/{{A}}/dossier/{path}",
            OWNER_ONLY,
        )
        for end, path in DOSSIER_BUTTONS
    ],
    ("POST", "/candidatures/<int:cid>/reponse", "/candidatures/{A}/reponse", OWNER_ONLY),
    ("GET", "/candidatures/<int:cid>/depot", "/candidatures/{A}/depot", OWNER_ONLY),
    ("POST", "/candidatures/<int:cid>/depot", "/candidatures/{A}/depot", OWNER_ONLY),
    ("GET", "/candidatures/<int:cid>/deliberation", "/candidatures/{A}/deliberation", OWNER),
    ("GET", "/instruction/<int:cid>", "/instruction/{A}", DEPARTEMENT),
    ("POST", "/instruction/<int:cid>/transition", "/instruction/{A}/transition", DEPARTEMENT),
    ("POST", "/instruction/<int:cid>/echange", "/instruction/{A}/echange", DEPARTEMENT),
    ("POST", "/instruction/<int:cid>/avis", "/instruction/{A}/avis", DEPARTEMENT),
    ("GET", "/campagnes/<int:campagne_id>/commission", "/campagnes/1/commission", DEPARTEMENT),
    ("POST", "/campagnes/<int:campagne_id>/commission", "/campagnes/1/commission", DEPARTEMENT),
    (
        "POST",
        "/campagnes/<int:campagne_id>/commission/arreter",
        "/campagnes/1/commission/arreter",
        DEPARTEMENT,
    ),
    (
        "POST",
        "/campagnes/<int:campagne_id>/commission/decision",
        "/campagnes/1/commission/decision",
        DEPARTEMENT,
    ),
    (
        "GET",
        "/campagnes/<int:campagne_id>/commission.csv",
        "/campagnes/1/commission.csv",
        DEPARTEMENT,
    ),
    (
        "GET",
        "/campagnes/<int:campagne_id>/commission.pdf",
        "/campagnes/1/commission.pdf",
        DEPARTEMENT,
    ),
    ("GET", "/communes/<code>/adhesions", "/communes/46001/adhesions", DEPARTEMENT),
    ("POST", "/communes/<code>/adhesions", "/communes/46001/adhesions", DEPARTEMENT),
    (
        "POST",
        "/communes/<code>/adhesions/<int:adhesion_id>/<any(confirmer, retirer):action>",
        "/communes/46015/adhesions/1/retirer",
        DEPARTEMENT,
    ),
    ("GET", "/adhesions/a-confirmer", "/adhesions/a-confirmer", DEPARTEMENT),
    (
        "POST",
        "/adhesions/<int:adhesion_id>/<any(confirmer, ecarter):action>",
        "/adhesions/1/ecarter",
        DEPARTEMENT,
    ),
    ("GET", "/communes/<code>/plan", "/communes/46001/plan", OWNER),
    (
        "GET",
        "/communes/<code>/plan/versions/<int:numero>",
        "/communes/46001/plan/versions/1",
        OWNER,
    ),
    (
        "GET",
        "/communes/<code>/plan/actions/<int:cle>",
        "/communes/46001/plan/actions/1",
        DEPARTEMENT,
    ),
    ("GET", "/communes/<code>/plan.geojson", "/communes/46001/plan.geojson", OWNER),
    ("GET", "/communes/<code>/plan.csv", "/communes/46001/plan.csv", OWNER),
    ("GET", "/communes/<code>/plan/impression", "/communes/46001/plan/impression", OWNER),
    ("GET", "/communes/<code>/plan/proposer", "/communes/46001/plan/proposer", DEPARTEMENT),
    ("POST", "/communes/<code>/plan/proposer", "/communes/46001/plan/proposer", DEPARTEMENT),
    ("POST", "/communes/<code>/plan/actions", "/communes/46001/plan/actions", DEPARTEMENT),
    *[
        (
            "POST",
            f"/communes/<code>/plan/actions/<int:cle>/{verb}",
            f"/communes/46001/plan/actions/1/{verb}",
            DEPARTEMENT,
        )
        for verb in ("modifier", "horizon", "supprimer", "placer")
    ],
    # heritage inventory (issue 22): private to the commune and the Département
    ("GET", "/communes/<code>/patrimoine", "/communes/46001/patrimoine", OWNER),
    ("GET", "/communes/<code>/patrimoine.geojson", "/communes/46001/patrimoine.geojson", OWNER),
    ("GET", "/communes/<code>/patrimoine.csv", "/communes/46001/patrimoine.csv", OWNER),
    ("GET", "/communes/<code>/patrimoine/nouveau", "/communes/46001/patrimoine/nouveau", OWNER),
    ("POST", "/communes/<code>/patrimoine/nouveau", "/communes/46001/patrimoine/nouveau", OWNER),
    *[
        (m, "/communes/<code>/patrimoine/<int:element_id>", "/communes/46001/patrimoine/1", OWNER)
        for m in ("GET", "POST")
    ],
    *[
        (
            "POST",
            f"/communes/<code>/patrimoine/<int:element_id>/{verb}",
            f"/communes/46001/patrimoine/1/{verb}",
            DEPARTEMENT,
        )
        for verb in ("supprimer", "valider", "refuser")
    ],
    ("GET", "/patrimoine/imports", "/patrimoine/imports", DEPARTEMENT),
    ("POST", "/patrimoine/imports", "/patrimoine/imports", DEPARTEMENT),
    # Projet stratégique (issue 21): texts and fiches, validation, PDF, deliberation, follow-up.
    *[
        (method, rule, rule.replace("<code>", "46001").replace("<int:cle>", "1"), DEPARTEMENT)
        for method, rule in [
            ("GET", "/communes/<code>/plan/projet"),
            ("POST", "/communes/<code>/plan/projet"),
            ("GET", "/communes/<code>/plan/actions/<int:cle>/fiche"),
            ("POST", "/communes/<code>/plan/actions/<int:cle>/fiche"),
            ("POST", "/communes/<code>/plan/valider"),
            ("POST", "/communes/<code>/plan/revues"),
        ]
    ],
    (
        "POST",
        "/communes/<code>/plan/suivi/propositions/<int:entry_id>",
        "/communes/46001/plan/suivi/propositions/1",
        DEPARTEMENT,
    ),
    ("GET", "/communes/<code>/plan/suivi", "/communes/46001/plan/suivi", OWNER),
    ("POST", "/communes/<code>/plan/suivi/<int:cle>", "/communes/46001/plan/suivi/1", OWNER),
    *[
        (
            method,
            f"/communes/<code>/plan/versions/<int:numero>/{end}",
            f"/communes/46001/plan/versions/2/{end}",
            OWNER,
        )  # v2: validated in the fuzz base
        for method, end in [
            ("GET", "projet.pdf"),
            ("POST", "deliberation"),
            ("GET", "deliberation.pdf"),
        ]
    ],
    ("GET", "/diagnostic/classement", "/diagnostic/classement", DEPARTEMENT),
    ("GET", "/diagnostic/classement.csv", "/diagnostic/classement.csv", DEPARTEMENT),
    ("GET", "/diagnostic/ponderation", "/diagnostic/ponderation", DEPARTEMENT),
    ("POST", "/diagnostic/ponderation", "/diagnostic/ponderation", DEPARTEMENT),
    ("GET", "/diagnostic/instantanes", "/diagnostic/instantanes", DEPARTEMENT),
    ("GET", "/diagnostic/imports", "/diagnostic/imports", DEPARTEMENT),
    ("POST", "/diagnostic/imports", "/diagnostic/imports", DEPARTEMENT),
    ("POST", "/diagnostic/instantanes", "/diagnostic/instantanes", DEPARTEMENT),
    (
        "GET",
        "/diagnostic/instantanes/<int:ident>/communes/<code>",
        "/diagnostic/instantanes/1/communes/46001",
        OWNER,
    ),
    ("POST", "/diagnostic/communes/<code>/valeurs", "/diagnostic/communes/46001/valeurs", OWNER),
    (
        "POST",
        "/diagnostic/communes/<code>/valeurs/<donnee>/validation",
        "/diagnostic/communes/46001/valeurs/petit_patrimoine_a_restaurer/validation",
        DEPARTEMENT,
    ),
    (
        "POST",
        "/diagnostic/communes/<code>/ajustements",
        "/diagnostic/communes/46001/ajustements",
        DEPARTEMENT,
    ),
    (
        "POST",
        "/diagnostic/ajustements/<int:ident>/retrait",
        "/diagnostic/ajustements/1/retrait",
        DEPARTEMENT,
    ),
    # The on-site heritage visit (issue 22); a photo's own checks: tests/web/test_visite.py.
    ("GET", "/patrimoine/visite/<code>", "/patrimoine/visite/46001", DEPARTEMENT),
    (
        "GET",
        "/patrimoine/visite/<code>/enregistrees",
        "/patrimoine/visite/46001/enregistrees",
        OWNER,
    ),
    ("GET", "/patrimoine/visite/sw.js", "/patrimoine/visite/sw.js", PUBLIC),
    ("GET", "/patrimoine/visite/jeton", "/patrimoine/visite/jeton", DEPARTEMENT),
    ("POST", "/patrimoine/visite/<code>/envoi", "/patrimoine/visite/46001/envoi", DEPARTEMENT),
    ("GET", "/patrimoine/visite/photo/<int:photo_id>", "/patrimoine/visite/photo/1", LOGGED),
    ("GET", "/admin", "/admin", ADMIN),
    ("POST", "/admin/invitations", "/admin/invitations", ADMIN),
    ("POST", "/admin/campagnes", "/admin/campagnes", ADMIN),
    ("GET", "/admin/journal-des-comptes", "/admin/journal-des-comptes", ADMIN),
    ("POST", "/admin/utilisateurs/<int:uid>/actif", "/admin/utilisateurs/{U}/actif", ADMIN),
    (
        "POST",
        "/admin/utilisateurs/<int:uid>/deverrouiller",
        "/admin/utilisateurs/{U}/deverrouiller",
        ADMIN,
    ),
    ("POST", "/admin/invitations/<int:ident>/revoquer", "/admin/invitations/1/revoquer", ADMIN),
    ("GET", "/admin/campagnes/<int:ident>", "/admin/campagnes/1", ADMIN),
    ("POST", "/admin/campagnes/<int:ident>", "/admin/campagnes/1", ADMIN),
    ("POST", "/admin/campagnes/<int:ident>/clore", "/admin/campagnes/1/clore", ADMIN),
    ("GET", "/admin/courriels", "/admin/courriels", ADMIN),
    ("GET", "/admin/courriels/<int:ident>", "/admin/courriels/1", ADMIN),
    ("POST", "/admin/courriels/<int:ident>/renvoyer", "/admin/courriels/1/renvoyer", ADMIN),
]
POST_DATA = {
    **{
        f"/candidatures/{{A}}/dossier/{path}": {"version": "", "projet_titre": "T"}
        for _, path in DOSSIER_BUTTONS
    },
    "/candidatures/{A}/reponse": {"texte": "Réponse"},
    "/candidatures/{A}/depot": {"version": ""},
    "/instruction/{A}/transition": {"cible": "en_instruction"},
    "/instruction/{A}/echange": {"genre": "note", "texte": "Note"},
    "/instruction/{A}/avis": {"avis": "favorable", "motivation": "Projet solide"},
    "/admin/utilisateurs/{U}/actif": {"actif": "1"},
    "/communes/46015/adhesions/1/retirer": {"motif": ""},  # invalid: refused, nothing changes
    "/adhesions/1/ecarter": {"motif": "", "source": ""},  # invalid: refused, nothing changes
}


def test_the_matrix_covers_every_route(app):
    covered = {(m, rule) for m, rule, _, _ in MATRIX}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, rule.rule) in covered, f"route absente de la matrice : {method} {rule}"


def _outcome(resp) -> str:
    assert resp.status_code < 500, resp.get_data(as_text=True)[:500]
    if resp.status_code == 403:
        assert "Accès refusé" in resp.get_data(as_text=True)
        return NO
    if resp.status_code in (302, 303) and "/connexion" in resp.headers["Location"]:
        return LOGIN
    return OK


def _deposit_a(app, ids) -> dict[str, int]:
    """Deposit A with a PDF; the ids the paths use ({A}, {B}, {U})."""
    owner = logged(app, "commune")
    files = {"deliberation": (io.BytesIO(PDF), "d.pdf")}
    assert post_dossier(owner, ids["commune"], {}, files=files).status_code == 302
    with Session(app.extensions["village_avenir.engine"]) as s:
        uid = s.exec(select(Utilisateur).where(Utilisateur.nom == "commune_autre")).one().id
    return {"A": ids["commune"], "B": ids["commune_autre"], "U": uid}


@pytest.fixture
def setup(cand_app):
    """The application A of 46001 with a deposited PDF; ids for the paths (one test's own)."""
    app, ids = cand_app
    return app, _deposit_a(app, ids)


@pytest.fixture(scope="module")
def matrix_app(backend, lot_template, tmp_path_factory):
    """The same state as ``setup``, built once for the module's read-mostly rows.

    The matrix's requests change little (a refused form, a note, a transition) and what they
    change never turns an allowed request into a 403 or a login redirect, so every row and
    role shares it; the two tests that check that nothing changed build their own.
    """
    app = lot_copy(backend, lot_template, tmp_path_factory.mktemp("matrice"), name="matrice")
    add_users(app)
    ids = _deposit_a(app, open_campaign_with_drafts(app))
    yield app, ids
    app.extensions["village_avenir.engine"].dispose()


@pytest.fixture(scope="module")
def clients(matrix_app):
    """One client per role, logged in once, with its CSRF token (valid for its session)."""
    app, _ = matrix_app
    out = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonyme":
            assert login(client, role).status_code == 302
        token = csrf_token(client, "/communes" if role != "anonyme" else "/connexion")
        out[role] = (client, token)
    return out


# One test per (row, role): the id says which request, as which role, expects what.
LOGOUTS = ("/deconnexion", "/deconnexion-partout")
CELLS = [
    pytest.param(method, path_tpl, role, expected[role], id=f"{method} {rule} | {role}")
    for method, rule, path_tpl, expected in MATRIX
    if path_tpl not in LOGOUTS  # they would log the shared client out: test_logouts
    for role in ROLES
]


@pytest.mark.parametrize(("method", "path_tpl", "role", "expected"), CELLS)
def test_permission(matrix_app, clients, method, path_tpl, role, expected):
    _, ids = matrix_app
    client, token = clients[role]
    path = path_tpl.format(**ids)
    if method == "GET":
        resp = client.get(path)
    else:
        resp = client.post(path, data={"csrf_token": token, **POST_DATA.get(path_tpl, {})})
    assert _outcome(resp) == expected, f"{method} {path} en tant que {role}"


def test_logouts(users_app):
    """« Se déconnecter partout » needs an account; « Se déconnecter » never refuses."""
    for role in ROLES:
        client = users_app.test_client()
        if role != "anonyme":
            assert login(client, role).status_code == 302
        token = csrf_token(client, "/connexion" if role == "anonyme" else "/communes")
        resp = client.post("/deconnexion-partout", data={"csrf_token": token})
        assert _outcome(resp) == LOGGED[role], role
        token = csrf_token(client, "/connexion")
        assert _outcome(client.post("/deconnexion", data={"csrf_token": token})) == OK, role


def test_other_commune_cannot_reach_or_tamper_with_an_application(setup):
    app, ids = setup
    intruder = logged(app, "commune_autre")
    a = ids["A"]
    before = Session(app.extensions["village_avenir.engine"]).get(Candidature, a).contenu
    token = csrf_token(intruder, "/communes")
    for path in [
        f"/candidatures/{a}",
        f"/candidatures/{a}/dossier",
        f"/candidatures/{a}/deliberation",
    ]:
        assert intruder.get(path).status_code == 403
    resp = intruder.post(
        f"/candidatures/{a}/dossier/deposer",
        data={"csrf_token": token, "version": "2", "projet_titre": "Piraté"},
    )
    assert resp.status_code == 403
    # Form-field tampering: a commune code or an application id in the form is ignored.
    resp = intruder.post(
        "/candidatures/nouvelle",
        data={"csrf_token": token, "code_insee": "46001", "commune_code": "46001", "cid": a},
    )
    assert resp.headers["Location"].endswith(f"/candidatures/{ids['B']}/dossier")
    listing = intruder.get("/candidatures?code_insee=46001").get_data(as_text=True)
    assert "Albas" not in listing
    with Session(app.extensions["village_avenir.engine"]) as s:
        assert s.get(Candidature, a).contenu == before
        assert "Piraté" not in before and not s.exec(select(Echange)).all()
    assert json.loads(before).get("projet_titre") == ""


@pytest.mark.parametrize(
    ("method", "rule", "path_tpl", "expected"), [m for m in MATRIX if m[0] == "POST"]
)
def test_every_post_without_csrf_token_is_refused(matrix_app, method, rule, path_tpl, expected):
    app, ids = matrix_app
    client = app.test_client()
    role = next((r for r in ["commune", "ingenieur", "admin"] if expected[r] == OK), None)
    if role and path_tpl != "/connexion":
        login(client, role)
    with Session(app.extensions["village_avenir.engine"]) as s:
        before = s.get(Candidature, ids["A"]).version
    resp = client.post(path_tpl.format(**ids), data=POST_DATA.get(path_tpl, {}))
    assert resp.status_code == 400 and "jeton CSRF" in resp.get_data(as_text=True)
    with Session(app.extensions["village_avenir.engine"]) as s:
        assert s.get(Candidature, ids["A"]).version == before


@pytest.mark.parametrize(
    ("role", "candidatures", "administration", "classement"),
    [
        ("anonyme", False, False, False),
        ("commune", True, False, False),
        ("ingenieur", True, False, True),
        ("admin", True, True, True),
    ],
)
def test_navigation_shows_only_reachable_areas(
    users_app, role, candidatures, administration, classement
):
    client = users_app.test_client()
    if role != "anonyme":
        login(client, role)
    nav = client.get("/communes").get_data(as_text=True).split("</nav>")[0]
    assert ('href="/candidatures"' in nav) is candidatures
    assert ('href="/admin"' in nav) is administration
    assert ('href="/diagnostic/classement"' in nav) is classement
    assert 'href="/carte"' in nav  # the map is public
