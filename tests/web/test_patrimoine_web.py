"""The heritage inventory on the web (issue 22): permissions, forms with CSRF, conflicts,
confirmation before deleting, exports and the browser import (preview, errors by line,
nothing written on error), export → import round trip."""

from __future__ import annotations

import io
import json

import pytest
import shapely
from sqlmodel import Session, select

from tests.conftest import csrf_token, login
from village_avenir.models import Commune, Courriel, PatrimoineElement


def engine(app):
    return app.extensions["village_avenir.engine"]


def rows(app):
    with Session(engine(app)) as s:
        return s.exec(select(PatrimoineElement).order_by(PatrimoineElement.id)).all()


def inside(app, code):
    with Session(engine(app)) as s:
        p = shapely.from_wkb(s.get(Commune, code).geometry).representative_point()
    return p.x, p.y


def fr(x: float) -> str:
    return f"{x:.6f}".replace(".", ",")


@pytest.fixture
def web(users_app):
    return users_app, users_app.test_client()


def create(client, code="46001", **values):
    path = f"/communes/{code}/patrimoine/nouveau"
    data = {
        "nom": "Lavoir du Théron",
        "type": "lavoir",
        "protection": "non_protege",
        "proprietaire": "commune",
        "etat": "mauvais",
        "usage": "vacant",
        "csrf_token": csrf_token(client, path),
        **values,
    }
    return client.post(path, data=data)


def test_the_public_sees_nothing_and_another_mayor_gets_403(web):
    app, client = web
    login(client, "ingenieur")
    assert create(client).status_code == 302
    client.get("/deconnexion")
    anonymous = app.test_client()
    for path in (
        "/communes/46001/patrimoine",
        "/communes/46001/patrimoine.geojson",
        "/communes/46001/patrimoine.csv",
        "/communes/46001/patrimoine/nouveau",
        "/patrimoine/imports",
    ):
        r = anonymous.get(path)
        assert r.status_code in (302, 401, 403), path
        assert "Théron" not in r.get_data(as_text=True)
    assert "Inventaire du patrimoine" not in anonymous.get("/communes/46001").get_data(as_text=True)
    other = app.test_client()
    login(other, "commune_autre")
    for path in (
        "/communes/46001/patrimoine",
        "/communes/46001/patrimoine.geojson",
        "/communes/46001/patrimoine.csv",
        f"/communes/46001/patrimoine/{rows(app)[0].id}",
    ):
        assert other.get(path).status_code == 403, path
    assert other.get("/patrimoine/imports").status_code == 403


def test_a_mayor_declares_the_engineer_validates_and_the_item_shows_on_map_and_exports(web):
    app, client = web
    login(client, "commune")
    lon, lat = inside(app, "46001")
    r = create(client, longitude=fr(lon), latitude=fr(lat))
    assert r.status_code == 302
    (row,) = rows(app)
    assert row.statut == "propose"
    page = client.get("/communes/46001/patrimoine").get_data(as_text=True)
    assert "en attente de validation" in page and "Valider" not in page
    assert (
        client.post(
            f"/communes/46001/patrimoine/{row.id}/valider",
            data={"csrf_token": csrf_token(client, "/communes/46001/patrimoine")},
        ).status_code
        == 403
    )

    ing = app.test_client()
    login(ing, "ingenieur")
    token = csrf_token(ing, "/communes/46001/patrimoine")
    assert (
        ing.post(
            f"/communes/46001/patrimoine/{row.id}/valider", data={"csrf_token": token}
        ).status_code
        == 302
    )
    assert rows(app)[0].statut == "valide"
    with Session(engine(app)) as s:
        assert s.exec(select(Courriel).where(Courriel.genre == "patrimoine_decision")).one()
    page = ing.get("/communes/46001/patrimoine").get_data(as_text=True)
    assert "Lavoir du Théron" in page and "Patrimoine : 1 " in page
    geo = json.loads(ing.get("/communes/46001/patrimoine.geojson").get_data(as_text=True))
    (feature,) = geo["features"]
    assert feature["properties"]["etat"] == "mauvais"
    assert feature["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-6)
    assert "Inventaire du patrimoine" in ing.get("/communes/46001").get_data(as_text=True)
    seen = client.get(f"/communes/46001/patrimoine/{row.id}").get_data(as_text=True)
    assert "a été examiné par le Département" in seen and 'id="form-element"' not in seen
    from village_avenir.db import get_session
    from village_avenir.domain.planning import Need
    from village_avenir.parametres import load_catalogue_actions
    from village_avenir.services import plans as sp

    with app.app_context():
        sp.propose(
            get_session(),
            "46001",
            [Need("services", "commerce", 50, "visite")],
            load_catalogue_actions(),
            qui="tests",
        )
    plan = ing.get("/communes/46001/plan").get_data(as_text=True)
    assert "Patrimoine : 1 " in plan and "un losange par élément validé" in plan


def test_a_form_without_csrf_is_refused_and_nothing_written(web):
    app, client = web
    login(client, "ingenieur")
    r = client.post("/communes/46001/patrimoine/nouveau", data={"nom": "X", "type": "four"})
    assert r.status_code == 400 and rows(app) == []


def test_a_bad_item_is_shown_again_with_a_french_message(web):
    app, client = web
    login(client, "ingenieur")
    lon, lat = inside(app, "46003")
    r = create(client, longitude=fr(lon), latitude=fr(lat))
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "hors de la commune" in body and "Lavoir du Théron" in body
    r = create(client, type="autre")
    assert r.status_code == 400 and "précisez" in r.get_data(as_text=True)
    assert rows(app) == []


def test_an_edit_on_a_stale_version_shows_the_saved_version_and_overwrites_nothing(web):
    app, client = web
    login(client, "ingenieur")
    create(client)
    (row,) = rows(app)
    path = f"/communes/46001/patrimoine/{row.id}"
    token = csrf_token(client, path)
    base = {
        "nom": "Lavoir du Théron",
        "type": "lavoir",
        "protection": "non_protege",
        "proprietaire": "commune",
        "usage": "vacant",
        "csrf_token": token,
        "version": "1",
    }
    assert client.post(path, data={**base, "etat": "peril"}).status_code == 302
    r = client.post(path, data={**base, "etat": "bon"})
    assert r.status_code == 409
    body = r.get_data(as_text=True)
    assert "Version enregistrée entre-temps" in body and "En péril" in body
    assert rows(app)[0].etat == "peril"


def test_delete_asks_for_confirmation_first(web):
    app, client = web
    login(client, "ingenieur")
    create(client)
    (row,) = rows(app)
    path = f"/communes/46001/patrimoine/{row.id}"
    token = csrf_token(client, path)
    r = client.post(path + "/supprimer", data={"csrf_token": token, "motif": "Doublon"})
    assert r.status_code == 200 and "Oui, supprimer" in r.get_data(as_text=True)
    assert len(rows(app)) == 1
    r = client.post(
        path + "/supprimer", data={"csrf_token": token, "motif": "Doublon", "confirme": "oui"}
    )
    assert r.status_code == 302 and rows(app) == []
    mayor = app.test_client()
    login(mayor, "commune")
    own = csrf_token(mayor, "/communes/46001/patrimoine")
    assert mayor.post(path + "/supprimer", data={"csrf_token": own}).status_code == 403


# Hand-made, in the documented layout exactly (UTF-8, « ; », header of README « Patrimoine »).
def inventory(app, bad=False):
    lon, lat = inside(app, "46001")
    lines = [
        "code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source",
        f"46001;Lavoir de la Fon;lavoir;non_protege;mauvais;{lon};{lat};2026-05-12;PNR, inventaire 2026",
        "46001;Croix du cimetière;Croix, calvaire, oratoire;Non protégé;Bon;;;12/05/2026;PNR",
        "46003;Four de Juillac;four;non_protege;"
        + ("catastrophique" if bad else "peril")
        + ";;;2026-05-13;CAUE",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(client, data, name="inventaire.csv", fmt="inventaire"):
    token = csrf_token(client, "/patrimoine/imports")
    return client.post(
        "/patrimoine/imports",
        data={"csrf_token": token, "format": fmt, "fichier": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_browser_import_previews_refuses_bad_lines_by_number_then_confirms(web):
    app, client = web
    login(client, "ingenieur")
    r = upload(client, inventory(app, bad=True))
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "<td>4</td>" in body and "catastrophique" in body and rows(app) == []
    r = upload(client, b"%PDF-1.4 not a csv")
    assert r.status_code == 400 and "pas un fichier texte CSV" in r.get_data(as_text=True)

    r = upload(client, inventory(app))
    assert r.status_code == 200 and rows(app) == []  # preview only
    body = r.get_data(as_text=True)
    jeton = body.split('name="jeton" value="')[1].split('"')[0]
    r = client.post(
        "/patrimoine/imports",
        data={
            "csrf_token": csrf_token(client, "/patrimoine/imports"),
            "action": "confirmer",
            "jeton": jeton,
            "nom": "inventaire.csv",
            "format": "inventaire",
        },
    )
    assert r.status_code == 302
    assert sorted(r.nom for r in rows(app)) == [
        "Croix du cimetière",
        "Four de Juillac",
        "Lavoir de la Fon",
    ]


def test_export_then_import_gives_the_same_items(web):
    app, client = web
    login(client, "ingenieur")
    from village_avenir.db import get_session
    from village_avenir.services.patrimoine import Auteur, import_inventaire
    from village_avenir.sources.patrimoine import read_inventaire

    with app.app_context():
        lignes = read_inventaire(io.StringIO(inventory(app).decode()))
        import_inventaire(get_session(), lignes, auteur=Auteur("t", "admin"), fichier="a.csv")
    fields = ("code_insee", "nom", "type", "protection", "etat", "proprietaire", "usage",
              "longitude", "latitude", "date_etat", "type_autre", "notes", "cout_min", "cout_max")  # fmt: skip
    before = sorted(
        tuple(getattr(r, f) for f in fields) for r in rows(app) if r.code_insee == "46001"
    )
    exported = client.get("/communes/46001/patrimoine.csv").get_data()
    with Session(engine(app)) as s:
        for r in s.exec(select(PatrimoineElement)).all():
            s.delete(r)
        s.commit()
    with app.app_context():
        text = exported.decode("utf-8-sig")
        report = import_inventaire(
            get_session(),
            read_inventaire(io.StringIO(text)),
            auteur=Auteur("t", "admin"),
            fichier="export.csv",
        )
    assert report.erreurs == [] and report.creees == 2
    after = sorted(tuple(getattr(r, f) for f in fields) for r in rows(app))
    assert after == before


def test_the_sheet_lists_items_with_their_photos_to_those_who_may_see_them(web):
    app, client = web
    login(client, "ingenieur")
    create(client)
    (row,) = rows(app)
    from village_avenir.models import PatrimoinePhoto

    with Session(engine(app)) as s:
        s.add(
            PatrimoinePhoto(
                element_id=row.id,
                fichier="a1b2c3.jpg",
                type_mime="image/jpeg",
                taille=1000,
                cree_par="tests",
            )
        )
        s.commit()
    sheet = client.get("/communes/46001").get_data(as_text=True)
    assert "Lavoir du Théron" in sheet
    # the visit's photo route (issue 22, item 2): the thumbnail, linking to the photo
    (photo,) = [p.id for p in Session(engine(app)).exec(select(PatrimoinePhoto)).all()]
    assert f'src="/patrimoine/visite/photo/{photo}?taille=miniature"' in sheet
    assert 'alt="Photo de Lavoir du Théron"' in sheet
    assert "Lavoir du Théron" not in app.test_client().get("/communes/46001").get_data(as_text=True)
