"""Two sends of the same item racing (``services/patrimoine/synchronisation.py``): the one that loses
meets the unique client_uid, its transaction is rolled back and the lookup done again — the
item is stored once, no file is left behind by the lost attempt."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from PIL import Image
from sqlmodel import Session, func, select

from village_avenir.db import get_engine, get_session
from village_avenir.domain.visite import EntreeElement, EntreeVisite
from village_avenir.models import PatrimoineElement, PatrimoinePhoto
from village_avenir.services.patrimoine import elements
from village_avenir.services.patrimoine import synchronisation as service
from village_avenir.services.patrimoine.photos import prepare_photo
from village_avenir.services.patrimoine.refus import Auteur

VISITE = EntreeVisite("visite-0001-course", date(2026, 5, 12), ("departement",), "")
ELEMENT = EntreeElement("element-0001-course", "Four de Cabridens", "four", None, "non_protege",
                        "commune", "mauvais", "vacant", 1.24, 44.47, "")  # fmt: skip


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(out, "JPEG")
    return out.getvalue()


def test_a_racing_send_of_the_same_item_stores_it_once(loaded_fresh_app, monkeypatch):
    app = loaded_fresh_app
    with app.test_request_context():
        session = get_session()
        auteur = Auteur("tests@lot.test", "ingenieur")
        visite_id = service.record_visite(session, "46001", VISITE, auteur=auteur)
        real_check, raced = elements._check_room, []

        def rival_stores_it_first(*args, **kwargs):
            if not raced:  # between the lookup (nothing yet) and the insert: the rival commits
                raced.append(True)
                with Session(get_engine()) as rival:
                    rival.add(
                        PatrimoineElement(
                            code_insee="46001",
                            nom=ELEMENT.nom,
                            type="four",
                            source="visite",
                            visite_id=visite_id,
                            client_uid=ELEMENT.client_uid,
                            cree_par="rival",
                        )
                    )
                    rival.commit()
            return real_check(*args, **kwargs)

        monkeypatch.setattr(elements, "_check_room", rival_stores_it_first)
        photo = service.PhotoRecue("photo-0001-course", prepare_photo(_jpeg()), 1.5, 44.5)
        recu = service.record_element(session, "46001", VISITE, ELEMENT, [photo], auteur=auteur)
        assert raced == [True]
        assert (recu.element_nouveau, recu.photos_ajoutees) == (False, 1)
        rows = session.exec(select(PatrimoineElement)).all()
        assert [(e.nom, e.cree_par) for e in rows] == [("Four de Cabridens", "rival")]
        photos = session.exec(select(PatrimoinePhoto)).all()
        assert [p.element_id for p in photos] == [rows[0].id]
        stored = sorted(p.name for p in Path(app.config["PIECES_DIR"]).iterdir())
        assert stored == sorted([photos[0].fichier, photos[0].fichier.replace(".jpg", "-mini.jpg")])
        assert session.exec(select(func.count()).select_from(PatrimoineElement)).one() == 1
