"""Former communes (communes déléguées or associées, data/communes/46_communes_deleguees.csv)
are found by their name or old code and lead to their current commune (issue 23 n° 9)."""

from __future__ import annotations

import re

import pytest


def _codes(page: str) -> list[str]:
    return re.findall(r'<tr data-code="(\d{5})"', page)


@pytest.mark.parametrize(
    ("query", "current", "note"),
    [
        ("Labastide-Murat", "46138", "comprend l'ancienne commune de Labastide-Murat (46138)"),
        ("labastide murat", "46138", "ancienne commune de Labastide-Murat"),
        ("Sainte-Alauzie", "46063", "ancienne commune de Sainte-Alauzie (46248)"),
        ("Bagat-en-Quercy", "46263", "ancienne commune de Bagat-en-Quercy (46014)"),
        ("46248", "46063", "Sainte-Alauzie"),
        ("46014", "46263", "Bagat-en-Quercy"),
        ("Boulvé", "46033", "ancienne commune du Boulvé"),
    ],
)
def test_a_former_commune_leads_to_its_current_commune(client, query, current, note):
    page = client.get("/communes", query_string={"q": query}).get_data(as_text=True)
    assert current in _codes(page), query
    assert note in page
    assert f'href="/communes/{current}"' in page


def test_a_current_name_shows_no_former_note(client):
    page = client.get("/communes", query_string={"q": "Cahors"}).get_data(as_text=True)
    assert _codes(page)[0] == "46042" and "ancienne commune" not in page
