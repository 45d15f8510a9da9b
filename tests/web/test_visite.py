"""The on-site visit's server side (issue 22, item 2): the sync endpoint stores a visit, an
item and its photos once per client_uid, journaled; photos are checked on their bytes,
re-encoded without metadata, limited, and served only to those who may see the commune;
every refusal is a French message and stores nothing."""

from __future__ import annotations

import io
import json
import os
import uuid
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import func, select

from tests.web.conftest import logged
from village_avenir.db import get_session
from village_avenir.domain import visite as lim
from village_avenir.models import Journal, PatrimoineElement, PatrimoinePhoto, PatrimoineVisite
from village_avenir.services.candidatures import pieces

CODE = "46001"
ENVOI = f"/patrimoine/visite/{CODE}/envoi"
JSON = {"Accept": "application/json"}


def jpeg(largeur=800, hauteur=600, gps=False, **kw) -> bytes:
    """A JPEG with camera metadata (and an EXIF GPS position when ``gps``)."""
    image = Image.new("RGB", (largeur, hauteur), (120, 90, 60))
    exif = Image.Exif()
    exif[0x010F] = "Fabricant de test"
    if gps:
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[2], ifd[3], ifd[4] = "N", (44.0, 26.0, 51.0), "E", (1.0, 26.0, 30.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), **kw)
    return out.getvalue()


def uid() -> str:
    return str(uuid.uuid4())


def entete(client_uid=None, **kw):
    return {
        "client_uid": client_uid or uid(),
        "date": "2026-05-12",
        "participants": ["caue", "departement"],
        "notes": "Temps sec.",
        **kw,
    }


def element(**kw):
    return {"client_uid": uid(), "nom": "Lavoir du Pech", "type": "lavoir", "etat": "mauvais",
            "usage": "sous_utilise", "proprietaire": "commune", "protection": "non_protege",
            "longitude": 1.245, "latitude": 44.465, "notes": "Toiture à reprendre.", **kw}  # fmt: skip


def token(client) -> str:
    resp = client.get("/patrimoine/visite/jeton")
    assert resp.status_code == 200
    return resp.get_json()["jeton"]


def send(client, visite, elem=None, photos=(), metas=None, headers=JSON):
    metas = (
        metas
        if metas is not None
        else [{"client_uid": u, "longitude": 1.5, "latitude": 44.5} for u, _ in photos]
    )
    data = {"donnees": json.dumps({"visite": visite, "element": elem, "photos": metas})}
    data["photo"] = [(io.BytesIO(b), "IMG.jpg") for _, b in photos]
    return client.post(
        ENVOI,
        data=data,
        content_type="multipart/form-data",
        headers={"X-CSRFToken": token(client), **headers},
    )


def counts(app):
    with app.app_context():
        s = get_session()
        return tuple(
            s.exec(select(func.count()).select_from(model)).one()
            for model in (PatrimoineVisite, PatrimoineElement, PatrimoinePhoto)
        )


@pytest.fixture
def engineer(users_app):
    return users_app, logged(users_app, "ingenieur")


def test_an_item_with_photos_is_stored_once_however_often_it_is_sent(engineer):
    app, client = engineer
    visite, elem = entete(), element()
    photos = [(uid(), jpeg(gps=True)), (uid(), jpeg(400, 300))]
    first = send(client, visite, elem, photos)
    assert first.status_code == 200, first.get_data(as_text=True)
    body = first.get_json()
    assert body["element_nouveau"] is True and body["photos_ajoutees"] == 2
    again = send(client, visite, elem, photos)  # the answer was lost: the phone sends again
    assert again.get_json() == {
        **body,
        "element_nouveau": False,
        "photos_ajoutees": 0,
        "photos_deja": 2,
    }
    assert counts(app) == (1, 1, 2)
    # A third photo taken later joins the same item.
    third = send(client, visite, elem, [*photos, (uid(), jpeg())])
    assert third.get_json()["photos_ajoutees"] == 1
    assert counts(app) == (1, 1, 3)
    with app.app_context():
        s = get_session()
        row = s.exec(select(PatrimoineElement)).one()
        assert (row.nom, row.etat, row.source, row.source_detail, row.cree_par) == (
            "Lavoir du Pech",
            "mauvais",
            "visite",
            "visite du 12/05/2026",
            "ingenieur@lot.test",
        )
        assert s.get(PatrimoineVisite, row.visite_id).participants == '["departement", "caue"]'
        actions = [j.action for j in s.exec(select(Journal).where(Journal.code_insee == CODE))]
        assert actions.count("patrimoine:visite") == 1
        assert actions.count("patrimoine:creation") == 1
        assert actions.count("patrimoine:photo") == 3


def test_stored_photos_keep_no_metadata_and_the_position_as_fields(engineer):
    app, client = engineer
    original = jpeg(gps=True)
    assert b"Fabricant" in original
    assert send(client, entete(), element(), [(uid(), original)]).status_code == 200
    with app.app_context():
        photo = get_session().exec(select(PatrimoinePhoto)).one()
        data = pieces.path_of(photo.fichier).read_bytes()
        mini = pieces.path_of(photo.fichier.replace(".jpg", "-mini.jpg")).read_bytes()
    assert b"Fabricant" not in data and not Image.open(io.BytesIO(data)).getexif()
    assert Image.open(io.BytesIO(mini)).size == (320, 240)
    assert (photo.longitude, photo.latitude, photo.largeur, photo.hauteur) == (1.5, 44.5, 800, 600)


def test_the_visit_alone_is_stored_once(engineer):
    app, client = engineer
    visite = entete()
    for _ in range(2):
        assert send(client, visite).status_code == 200
    assert counts(app) == (1, 0, 0)


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "n'est pas une photo"),
        (b"\xff\xd8\xff" + b"\x00" * 100, "ne peut pas être lue"),
        (b"", "vide"),
        (b"\x89PNG\r\n\x1a\n" + jpeg()[3:], "ne peut pas être lue"),
    ],
)
def test_what_is_not_a_photo_is_refused_and_nothing_is_stored(engineer, photo, message):
    app, client = engineer
    resp = send(client, entete(), element(), [(uid(), photo)])
    assert resp.status_code == 400 and message in resp.get_json()["message"]
    assert counts(app) == (0, 0, 0)


def test_a_photo_above_the_server_limit_is_refused(engineer):
    app, client = engineer
    out = io.BytesIO()
    Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3)).save(out, "PNG")
    assert len(out.getvalue()) > lim.PHOTO_RECUE_MAX  # noise does not compress
    resp = send(client, entete(), element(), [(uid(), out.getvalue())])
    assert resp.status_code == 400
    assert "plus que les 1000 Ko acceptés" in resp.get_json()["message"]
    assert counts(app) == (0, 0, 0)


def test_photos_per_item_are_limited(engineer):
    app, client = engineer
    visite, elem = entete(), element()
    photos = [(uid(), jpeg(100, 80)) for _ in range(lim.PHOTOS_PAR_ELEMENT)]
    assert send(client, visite, elem, photos).status_code == 200
    resp = send(client, visite, elem, [*photos, (uid(), jpeg(100, 80))])
    assert resp.status_code == 400
    assert f"{lim.PHOTOS_PAR_ELEMENT} au" in resp.get_json()["message"]
    assert counts(app) == (1, 1, lim.PHOTOS_PAR_ELEMENT)


def test_items_per_commune_are_limited_by_the_inventorys_parameter(engineer, monkeypatch):
    from dataclasses import replace

    from village_avenir.services.patrimoine import elements

    app, client = engineer
    real = elements.load_parametres_patrimoine()
    monkeypatch.setattr(
        elements, "load_parametres_patrimoine", lambda: replace(real, elements_max=2)
    )
    visite = entete()
    for _ in range(2):
        assert send(client, visite, element()).status_code == 200
    resp = send(client, visite, element())
    assert resp.status_code == 400 and "compte au plus 2 éléments" in resp.get_json()["message"]
    assert counts(app) == (1, 2, 0)


def test_an_item_placed_outside_the_commune_is_refused(engineer):
    app, client = engineer
    resp = send(client, entete(), element(longitude=1.68, latitude=44.84))  # in Anglars
    assert resp.status_code == 400 and "Albas" in resp.get_json()["message"]
    assert counts(app) == (0, 0, 0)


def test_type_autre_needs_its_precision(engineer):
    app, client = engineer
    resp = send(client, entete(), element(type="autre"))
    assert resp.status_code == 400 and "précisez" in resp.get_json()["message"]
    assert send(client, entete(), element(type="autre", type_autre="Sompe")).status_code == 200


@pytest.mark.parametrize(
    ("visite", "elem", "message"),
    [
        (entete(date="2099-01-01"), element(), "futur"),
        (entete(date="12/05/2026"), element(), "Date de la visite"),
        (entete(participants=["maire"]), element(), "Participants"),
        (entete(client_uid="x"), element(), "Identifiant"),
        (entete(), element(nom="  "), "Nom de l'élément : à remplir"),
        (entete(), element(etat="ruine"), "État : valeur inconnue"),
        (entete(), element(longitude=1.4, latitude=None), "vont ensemble"),
        (entete(), element(latitude=95), "hors des limites"),
        (entete(), element(notes="x" * (lim.NOTES_MAX + 1)), "caractères"),
        ("pas un objet", element(), "illisibles"),
    ],
)
def test_bad_entries_are_refused_in_french(engineer, visite, elem, message):
    app, client = engineer
    resp = send(client, visite, elem)
    assert resp.status_code == 400 and message in resp.get_json()["message"], resp.get_json()
    assert counts(app) == (0, 0, 0)


def test_a_plain_form_post_gets_a_french_page_not_json(engineer):
    app, client = engineer
    resp = client.post(ENVOI, data={"nom": "Lavoir"}, headers={"X-CSRFToken": token(client)})
    assert resp.status_code == 400 and "JavaScript" in resp.get_data(as_text=True)
    assert resp.mimetype == "text/html"


def test_an_unknown_commune_is_refused(engineer):
    app, client = engineer
    resp = client.post(
        "/patrimoine/visite/99999/envoi",
        headers={"X-CSRFToken": token(client), **JSON},
        data={"donnees": json.dumps({"visite": entete(), "element": element()})},
    )
    assert resp.status_code == 404 and "inconnue" in resp.get_json()["message"]


def test_the_same_uid_cannot_move_to_another_commune(engineer):
    app, client = engineer
    visite = entete()
    assert send(client, visite).status_code == 200
    resp = client.post(
        "/patrimoine/visite/46003/envoi",
        headers={"X-CSRFToken": token(client), **JSON},
        data={"donnees": json.dumps({"visite": visite, "element": None})},
    )
    assert resp.status_code == 400 and "autre commune" in resp.get_json()["message"]


def test_photos_are_served_only_to_those_who_may_see_the_commune(engineer):
    app, client = engineer
    assert send(client, entete(), element(), [(uid(), jpeg())]).status_code == 200
    with app.app_context():
        pid = get_session().exec(select(PatrimoinePhoto)).one().id
    url = f"/patrimoine/visite/photo/{pid}"
    resp = client.get(url)
    assert resp.status_code == 200 and resp.mimetype == "image/jpeg"
    assert "no-store" in resp.headers["Cache-Control"]
    assert client.get(url + "?taille=miniature").status_code == 200
    assert logged(app, "commune").get(url).status_code == 200
    assert logged(app, "commune_autre").get(url).status_code == 403
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]
    assert client.get("/patrimoine/visite/photo/999999").status_code == 404


def test_the_commune_sees_its_visits_read_only(engineer):
    app, client = engineer
    assert (
        send(client, entete(), element(nom="Four de Cabridens"), [(uid(), jpeg())]).status_code
        == 200
    )
    mayor = logged(app, "commune")
    html = mayor.get(f"/patrimoine/visite/{CODE}/enregistrees").get_data(as_text=True)
    assert "Visite du 12/05/2026" in html and "Four de Cabridens" in html
    assert "Participants : Département du Lot, CAUE du Lot." in html
    assert "Nouvelle visite sur place" not in html
    assert mayor.get(f"/patrimoine/visite/{CODE}").status_code == 403
    assert mayor.get("/patrimoine/visite/jeton").status_code == 403
    other = logged(app, "commune_autre")
    assert other.get(f"/patrimoine/visite/{CODE}/enregistrees").status_code == 403


def test_the_visit_page_states_its_limits_and_the_worker_is_served(engineer):
    app, client = engineer
    html = client.get(f"/patrimoine/visite/{CODE}").get_data(as_text=True)
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert " ".join(html.split()).count("6 photos au plus, de 10 Mo au plus chacune") == 1
    assert "js/conserve.js" in html and 'role="status"' in html
    sw = client.get("/patrimoine/visite/sw.js")
    assert sw.status_code == 200 and sw.mimetype == "text/javascript"
    assert "va-visite-v1" in sw.get_data(as_text=True)


def test_the_token_endpoint_names_the_account(engineer):
    app, client = engineer
    body = client.get("/patrimoine/visite/jeton").get_json()
    with app.app_context():
        from village_avenir.models import Utilisateur

        uid_ = (
            get_session()
            .exec(select(Utilisateur.id).where(Utilisateur.email == "ingenieur@lot.test"))
            .one()
        )
    assert body["compte"] == f"u{uid_}" and len(body["jeton"]) > 20
    anonymous = app.test_client().get("/patrimoine/visite/jeton")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]


def test_the_journal_of_a_visit_reads_in_french(engineer):
    from village_avenir.views.common import journal_lines

    app, client = engineer
    visite = entete()
    assert send(client, visite, element(usage="sous_utilise"), [(uid(), jpeg())]).status_code == 200
    with app.app_context():
        entries = (
            get_session().exec(select(Journal).where(Journal.action.like("patrimoine:%"))).all()
        )
        lines = journal_lines(entries, lambda e: None)
    titres = [(line.titre, line.objet) for line in lines]
    assert titres == [
        ("Patrimoine : visite sur place", "une visite de patrimoine"),
        ("Patrimoine : création", "un élément de patrimoine"),
        ("Patrimoine : photo ajoutée", "une photo de patrimoine"),
    ]
    details = " | ".join(d for line in lines for d in line.details)
    assert "Date visite : 12/05/2026" in details
    assert "Participants : Département du Lot ; CAUE du Lot" in details
    assert "Usage : Sous-utilisé" in details and "sous_utilise" not in details


def test_a_new_visit_queues_one_email_to_the_commune(engineer):
    from village_avenir.models import Courriel

    app, client = engineer
    visite = entete()
    for _ in range(2):  # the visit, then an item of it: still one e-mail
        assert send(client, visite, element()).status_code == 200
    with app.app_context():
        mails = (
            get_session().exec(select(Courriel).where(Courriel.genre == "patrimoine_visite")).all()
        )
    assert [m.destinataire for m in mails] == ["maire@albas.test"]
    assert "visite du patrimoine d'Albas du 12/05/2026" in mails[0].texte
    assert "Département du Lot, CAUE du Lot" in mails[0].texte
    assert f"/patrimoine/visite/{CODE}/enregistrees" in mails[0].texte


def test_the_sheet_links_to_the_visits_for_those_who_may_see_them(engineer):
    app, client = engineer
    html = client.get(f"/communes/{CODE}").get_data(as_text=True)
    assert "Aucune visite sur place enregistrée." in html
    assert f'href="/patrimoine/visite/{CODE}"' in html
    assert send(client, entete(), element()).status_code == 200
    mayor = logged(app, "commune").get(f"/communes/{CODE}").get_data(as_text=True)
    assert "1 visite, 1 élément relevé ; dernière visite le 12/05/2026." in " ".join(mayor.split())
    assert f'href="/patrimoine/visite/{CODE}/enregistrees"' in mayor
    assert f'href="/patrimoine/visite/{CODE}"' not in mayor
    public = app.test_client().get(f"/communes/{CODE}").get_data(as_text=True)
    assert "Visites du patrimoine sur place" not in public


def test_a_backup_carries_the_photos_and_the_restored_ones_are_served(engineer, tmp_path):
    from tests.sauvegarde_data import empty_app
    from village_avenir.services.sauvegarde import export_archive, import_archive

    app, client = engineer
    assert send(client, entete(), element(), [(uid(), jpeg())]).status_code == 200
    archive = tmp_path / "sauvegarde.zip"
    with app.app_context():
        pid = get_session().exec(select(PatrimoinePhoto)).one().id
        export_archive(get_session(), archive, Path(app.config["PIECES_DIR"]))
        original = client.get(f"/patrimoine/visite/photo/{pid}").data
    target = empty_app("sqlite", tmp_path, "restauree")
    with target.app_context():
        import_archive(get_session(), archive, Path(target.config["PIECES_DIR"]), qui="tests")
    restored = logged(target, "ingenieur")
    assert restored.get(f"/patrimoine/visite/photo/{pid}").data == original
    assert restored.get(f"/patrimoine/visite/photo/{pid}?taille=miniature").status_code == 200


def test_photos_per_commune_are_limited(engineer, monkeypatch):
    from village_avenir.services.patrimoine import synchronisation as service

    app, client = engineer
    monkeypatch.setattr(service, "PHOTOS_PAR_COMMUNE", 2)
    visite = entete()
    assert (
        send(client, visite, element(), [(uid(), jpeg(90, 60)), (uid(), jpeg(90, 60))]).status_code
        == 200
    )
    resp = send(client, visite, element(), [(uid(), jpeg(90, 60))])
    assert resp.status_code == 400 and "déjà 2 photos de patrimoine" in resp.get_json()["message"]
    assert counts(app) == (1, 1, 2)  # the refused item is not stored without its photo either
