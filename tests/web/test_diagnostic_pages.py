"""Diagnostic pages: who sees what, forms with CSRF, overrides, weights preview and save."""

import re

import pytest
from sqlmodel import select

from tests.conftest import csrf_token, login
from village_avenir.db import get_session
from village_avenir.models import Commune
from village_avenir.services import diagnostic as diag

GETS = [
    "/diagnostic/classement",
    "/diagnostic/classement.csv",
    "/diagnostic/ponderation",
    "/diagnostic/instantanes",
]


@pytest.fixture
def client(users_app):
    return users_app.test_client()


@pytest.mark.parametrize("url", GETS)
def test_engineer_pages_anonymous_redirect_commune_forbidden(users_app, url):
    anon = users_app.test_client()
    r = anon.get(url)
    assert r.status_code == 302 and "/connexion" in r.headers["Location"]
    commune = users_app.test_client()
    login(commune, "commune")
    assert commune.get(url).status_code == 403
    ing = users_app.test_client()
    login(ing, "ingenieur")
    assert ing.get(url).status_code == 200


def test_sheet_section_visibility(users_app):
    anon = users_app.test_client()
    assert 'id="diagnostic"' not in anon.get("/communes/46001").get_data(as_text=True)
    own = users_app.test_client()
    login(own, "commune")
    html = own.get("/communes/46001").get_data(as_text=True)
    assert 'id="diagnostic"' in html and "Diagnostic des besoins" in html
    assert "Ajuster un score" not in html  # overrides are for engineers
    assert 'id="diagnostic"' not in own.get("/communes/46003").get_data(as_text=True)
    ing = users_app.test_client()
    login(ing, "ingenieur")
    html = ing.get("/communes/46003").get_data(as_text=True)
    assert "Ajuster un score" in html and "non renseigné" in html
    assert "base Mérimée" in html and "base-cc-logement" in html  # files to import, official names
    assert "données insuffisantes" in html  # no official file loaded: no global score
    assert "flask" not in html and "import-indicateurs" not in html


def test_posts_permissions(users_app):
    anon = users_app.test_client()
    token = csrf_token(anon, "/connexion")
    r = anon.post("/diagnostic/communes/46001/valeurs", data={"csrf_token": token})
    assert r.status_code == 302 and "/connexion" in r.headers["Location"]
    other = users_app.test_client()
    login(other, "commune_autre")
    token = csrf_token(other, "/communes/46003")
    data = {
        "csrf_token": token,
        "donnee": "petit_patrimoine_a_restaurer",
        "valeur": "2",
        "annee": "2025",
        "source": "x",
    }
    assert other.post("/diagnostic/communes/46001/valeurs", data=data).status_code == 403
    for url in [
        "/diagnostic/communes/46003/ajustements",
        "/diagnostic/instantanes",
        "/diagnostic/communes/46003/valeurs/petit_patrimoine_a_restaurer/validation",
        "/diagnostic/ajustements/1/retrait",
        "/diagnostic/ponderation",
    ]:
        assert other.post(url, data={"csrf_token": token}).status_code == 403, url


def test_commune_declares_engineer_validates(users_app):
    own = users_app.test_client()
    login(own, "commune")
    token = csrf_token(own, "/communes/46001")
    data = {
        "donnee": "petit_patrimoine_a_restaurer",
        "valeur": "5",
        "annee": "2025",
        "source": "Inventaire 2025",
    }
    assert own.post("/diagnostic/communes/46001/valeurs", data=data).status_code == 400  # no CSRF
    r = own.post("/diagnostic/communes/46001/valeurs", data={**data, "csrf_token": token})
    assert r.status_code == 302
    html = own.get("/communes/46001").get_data(as_text=True)
    assert "En attente de validation" in html
    bad = own.post(
        "/diagnostic/communes/46001/valeurs", data={**data, "valeur": "-3", "csrf_token": token}
    )
    assert bad.status_code == 400 and "hors bornes" in bad.get_data(as_text=True)
    ing = users_app.test_client()
    login(ing, "ingenieur")
    token = csrf_token(ing, "/communes/46001")
    r = ing.post(
        "/diagnostic/communes/46001/valeurs/petit_patrimoine_a_restaurer/validation",
        data={"csrf_token": token},
    )
    assert r.status_code == 302
    assert "Validée par ingenieur@lot.test" in ing.get("/communes/46001").get_data(as_text=True)


def test_override_from_the_sheet_requires_reason(diag_users_app):
    # the shipped indicators give a services score to override (hours are not scored)
    ing = diag_users_app.test_client()
    login(ing, "ingenieur")
    token = csrf_token(ing, "/communes/46001")
    r = ing.post(
        "/diagnostic/communes/46001/ajustements",
        data={"csrf_token": token, "domaine": "services", "valeur": "77", "motif": "court"},
    )
    assert r.status_code == 400 and "motif" in r.get_data(as_text=True)
    r = ing.post(
        "/diagnostic/communes/46001/ajustements",
        data={
            "csrf_token": token,
            "domaine": "services",
            "valeur": "77",
            "motif": "Constat lors de la visite",
        },
    )
    assert r.status_code == 302
    html = ing.get("/communes/46001").get_data(as_text=True)
    assert re.search(r'data-domaine="services">\s*<h3>Services : <span data-score>77 / 100', html)
    assert "score calculé" in html and "Constat lors de la visite" in html


@pytest.fixture
def diag_app(diag_users_app):
    """The Lot with its shipped indicator values loaded (and the first snapshot)."""
    return diag_users_app


def test_weights_page_previews_then_saves_a_new_version(diag_app):
    users_app = diag_app
    ing = users_app.test_client()
    login(ing, "ingenieur")
    html = ing.get("/diagnostic/ponderation").get_data(as_text=True)
    fields = dict(re.findall(r'name="([id]_[a-z_]+)" inputmode="decimal" value="([^"]*)"', html))
    assert "i_taux_vacance" in fields and "d_services" in fields
    token = csrf_token(ing, "/diagnostic/ponderation")
    data = {**fields, "i_heures_mairie": "0", "csrf_token": token, "action": "apercu"}
    r = ing.post("/diagnostic/ponderation", data=data)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "Aperçu : nouveau classement" in page
    with users_app.app_context():
        assert len(diag.list_snapshots(get_session())) == 1  # preview saves nothing
    r = ing.post("/diagnostic/ponderation", data={**data, "i_taux_vacance": "-1"})
    assert r.status_code == 400 and "compris entre 0 et 100" in r.get_data(as_text=True)
    r = ing.post(
        "/diagnostic/ponderation",
        data={**data, "action": "enregistrer", "motif": "Heures d'ouverture retirées"},
    )
    assert r.status_code == 302
    with users_app.app_context():
        snaps = diag.list_snapshots(get_session())
        assert len(snaps) == 2 and snaps[0].ponderation.startswith("pondération enregistrée le")


def test_threshold_indicators_have_no_weight_field_and_keep_their_weight(diag_app):
    from village_avenir.parametres import load_parametres_diagnostic

    ing = diag_app.test_client()
    login(ing, "ingenieur")
    html = ing.get("/diagnostic/ponderation").get_data(as_text=True)
    cat = load_parametres_diagnostic().catalogue
    seuil = [i for i in cat.indicateurs if i.mode == "seuil"]
    assert seuil, "le catalogue livré a des indicateurs jugés au seuil"
    for i in seuil:
        assert f'name="i_{i.id}"' not in html
        assert i.libelle in html.split("data-seuil", 1)[1]
    assert all(f'name="i_{i.id}"' in html for i in cat.indicateurs if i.mode == "rang")
    fields = dict(re.findall(r'name="([id]_[a-z_]+)" inputmode="decimal" value="([^"]*)"', html))
    token = csrf_token(ing, "/diagnostic/ponderation")
    data = {**fields, "csrf_token": token, "action": "enregistrer", "motif": "Même pondération"}
    assert ing.post("/diagnostic/ponderation", data=data).status_code == 302


def test_classement_lists_eligible_communes_with_filters_and_csv(diag_app):
    ing = diag_app.test_client()
    login(ing, "ingenieur")
    html = ing.get("/diagnostic/classement").get_data(as_text=True)
    assert 'data-code="46042"' not in html  # Cahors (Action cœur de ville) is not eligible
    assert 'data-code="46001"' in html
    small = ing.get("/diagnostic/classement?tranche=0-199").get_data(as_text=True)
    assert 'data-code="46001"' not in small  # Albas: 525 inhabitants
    csv_text = ing.get("/diagnostic/classement.csv").get_data(as_text=True)
    header, *lines = csv_text.lstrip("\ufeff").splitlines()
    assert header.startswith("rang;sur;code_insee;nom;")
    assert "couverture" in header and "millesimes_donnees" in header
    assert all(re.match(r"\d+;\d+;46\d{3};", line) for line in lines) and len(lines) > 200
    vintage = header.split(";").index("millesimes_donnees")
    assert all("2022" in line.split(";")[vintage] for line in lines)  # data vintage, per commune


def test_classement_csv_writes_french_decimals_and_paris_time(diag_app):
    """Like /carte/communes.csv: « 76,5 » (a number in a French spreadsheet), Paris time."""
    from village_avenir.formatting import local
    from village_avenir.models import InstantaneDiagnostic

    with diag_app.app_context():
        snap = (
            get_session()
            .exec(select(InstantaneDiagnostic).order_by(InstantaneDiagnostic.id.desc()))
            .first()
        )
        expected = local(snap.cree_le).strftime("%Y-%m-%d %H:%M")
        utc = snap.cree_le.strftime("%Y-%m-%d %H:%M")
    ing = diag_app.test_client()
    login(ing, "ingenieur")
    text = ing.get("/diagnostic/classement.csv").get_data(as_text=True).lstrip("\ufeff")
    header, *lines = [line.split(";") for line in text.splitlines()]
    cols = {name: header.index(name) for name in header}
    numbers = [
        line[cols[name]]
        for line in lines
        for name in header
        if name.startswith(("besoin_", "couverture"))
    ]
    filled = [n for n in numbers if n]
    assert len(filled) > 1000
    assert all(re.fullmatch(r"[0-9]+,[0-9]{1,2}", n) for n in filled), filled[:5]
    dates = {
        line[cols["date_calcul"]] for line in lines if line[cols["instantane"]] == str(snap.id)
    }
    assert dates == {expected} and expected != utc  # Paris is UTC+1 or UTC+2


def test_old_snapshot_page_for_engineer_and_own_commune_only(users_app):
    with users_app.app_context():
        ident = diag.take_snapshot(get_session(), qui="tests", motif="Comité de test").id
    url = f"/diagnostic/instantanes/{ident}/communes/46001"
    anon = users_app.test_client()
    assert anon.get(url).status_code == 302
    other = users_app.test_client()
    login(other, "commune_autre")
    assert other.get(url).status_code == 403
    own = users_app.test_client()
    login(own, "commune")
    assert own.get(url).status_code == 200
    assert own.get(f"/diagnostic/instantanes/{ident + 5}/communes/46001").status_code == 404


def test_refused_entry_keeps_what_was_typed_on_the_sheet(users_app):
    own = users_app.test_client()
    login(own, "commune")
    token = csrf_token(own, "/communes/46001")
    data = {
        "csrf_token": token,
        "donnee": "logements_indignes",
        "valeur": "beaucoup",
        "annee": "2025",
        "source": "Recensement des services municipaux",
    }
    r = own.post("/diagnostic/communes/46001/valeurs", data=data)
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Rien n'a été enregistré" in html
    assert 'value="beaucoup"' in html and 'value="Recensement des services municipaux"' in html
    assert '<option value="logements_indignes" selected>' in html
    assert "Albas" in html  # the commune sheet, not a bare error page
    with users_app.app_context():
        assert diag.values_of(get_session(), "46001") == []


def test_refused_override_keeps_the_reason(users_app):
    ing = users_app.test_client()
    login(ing, "ingenieur")
    token = csrf_token(ing, "/communes/46003")
    motif = "Visite du 12/11 : deux commerces fermés depuis la rédaction du diagnostic"
    r = ing.post(
        "/diagnostic/communes/46003/ajustements",
        data={"csrf_token": token, "domaine": "services", "valeur": "140", "motif": motif},
    )
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and motif in html and 'value="140"' in html


def test_sheet_shows_real_figures_portrait_context_and_secrecy(diag_app):
    ing = diag_app.test_client()
    login(ing, "ingenieur")
    html = ing.get("/communes/46001").get_data(as_text=True)
    assert "Calcul provisoire" not in html
    # context figures, out of the score; Albas' poverty rate is under statistical secrecy
    ctx = re.search(r'data-contexte="taux_pauvrete">(.*?)</tr>', html, re.S).group(1)
    assert "secret statistique" in ctx and "0,0" not in ctx
    assert re.search(r'data-contexte="revenu_median">.*?22\u202f?\s?310', html, re.S)
    # portrait: Albas' vacancy (66 / 422 = 15.6 %) beside the Lot's and its band's medians
    row = re.search(r'data-portrait-ligne="taux_vacance">(.*?)</tr>', html, re.S).group(1)
    with diag_app.app_context():  # the 500-999 band, from the referential's populations
        band = sum(500 <= c.population <= 999 for c in get_session().exec(select(Commune)))
    assert "15,6 %" in row and "(312 communes)" in row and f"({band} communes)" in row
    assert "500 à 999 habitants" in html
    assert "data-a-evaluer" in html  # heritage: nothing inferred
    assert "rang " in html and " communes éligibles ou à vérifier" in html
    assert "import-indicateurs" not in html and "flask" not in html
