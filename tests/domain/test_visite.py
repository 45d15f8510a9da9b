"""What a phone sends from a visit, checked without a database (``domain/visite.py``)."""

from __future__ import annotations

from datetime import date

import pytest

from village_avenir.domain.visite import (
    VisiteRefusee,
    check_client_uid,
    check_position,
    read_element,
    read_visite,
)

TODAY = date(2026, 5, 12)
UID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def test_a_visit_header_is_read_and_its_participants_ordered():
    v = read_visite(
        {
            "client_uid": UID,
            "date": "2026-05-12",
            "notes": "  Sec. ",
            "participants": ["commune", "caue", "departement"],
        },
        TODAY,
    )
    assert (v.date_visite, v.participants, v.notes) == (
        date(2026, 5, 12),
        ("departement", "caue", "commune"),
        "Sec.",
    )


def test_an_item_gets_the_defaults_of_an_unseen_item():
    e = read_element({"client_uid": UID, "nom": "Croix de la Plane", "type": "croix"})
    assert (e.protection, e.proprietaire, e.etat, e.usage) == (
        "non_protege",
        "commune",
        "non_evalue",
        "inconnu",
    )
    assert (e.longitude, e.latitude) == (None, None)


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (None, None, (None, None)),
        ("", "", (None, None)),
        (1.441234567891, 44.5, (1.4412346, 44.5)),
        ("1.5", "44.4", (1.5, 44.4)),
    ],
)
def test_positions(lon, lat, expected):
    assert check_position(lon, lat) == expected


@pytest.mark.parametrize(
    ("lon", "lat", "message"),
    [
        (1.5, None, "vont ensemble"),
        ("abc", 44, "nombres attendus"),
        (181, 44, "hors des limites"),
        (1, -91, "hors des limites"),
        ("nan", 44, "hors des limites"),
    ],
)
def test_bad_positions(lon, lat, message):
    with pytest.raises(VisiteRefusee, match=message):
        check_position(lon, lat)


@pytest.mark.parametrize("value", [None, "", "court", "a" * 65, "../../etc", 12345678, "é" * 10])
def test_bad_uids(value):
    with pytest.raises(VisiteRefusee, match="Identifiant"):
        check_client_uid(value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-05-13"}, "futur"),
        ({"date": ""}, "Date de la visite"),
        ({"participants": "caue"}, "Participants"),
        ({"participants": ["caue", "maire"]}, "Participants"),
        ({"notes": 12}, "texte attendu"),
    ],
)
def test_bad_visit_headers(data, message):
    with pytest.raises(VisiteRefusee, match=message):
        read_visite({"client_uid": UID, "date": "2026-05-12", **data}, TODAY)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nom": ""}, "à remplir"),
        ({"nom": "x" * 201}, "201 caractères, 200 au plus"),
        ({"type": "ovni"}, "Type : valeur inconnue"),
        ({"protection": "unesco"}, "Protection : valeur inconnue"),
        ({"usage": "loue"}, "Usage : valeur inconnue"),
        ({"proprietaire": "eglise"}, "Propriétaire : valeur inconnue"),
    ],
)
def test_bad_items(data, message):
    with pytest.raises(VisiteRefusee, match=message):
        read_element({"client_uid": UID, "nom": "Lavoir", "type": "lavoir", **data})
