"""The committee's server-drawn map and the PDF's French spacing (no app, no browser)."""

import json

from shapely.geometry import box, mapping

from village_avenir.maps.commission_svg import AUTRES, AVIS_COULEURS, opinion_map_svg
from village_avenir.views.commission.pdf import french_spaces


def _feature(code, geom):
    return json.dumps({"type": "Feature", "properties": {"c": code}, "geometry": mapping(geom)})


def test_candidates_coloured_by_opinion_others_grey():
    features = {
        "46001": _feature("46001", box(1.0, 44.0, 1.1, 44.1)),
        "46002": _feature("46002", box(1.1, 44.0, 1.2, 44.1)),
        "46003": _feature("46003", box(1.2, 44.0, 1.3, 44.1)),
    }
    svg = opinion_map_svg(features, {"46001": ("Albas <b>", "favorable"), "46002": ("B", None)})
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert svg.count("<path") == 3
    assert f'fill="{AVIS_COULEURS["favorable"][0]}"' in svg
    assert f'fill="{AVIS_COULEURS[None][0]}"' in svg  # a candidate without opinion
    assert f'fill="{AUTRES[0]}"' in svg  # the grey group of the other communes
    assert "Albas &lt;b&gt; : avis favorable" in svg and "<b>" not in svg
    assert opinion_map_svg({}, {}) == ""


def test_french_spaces_in_the_body_only():
    html = "<style>a { content: 'x' ; }</style><body><p>Avis : « oui » ; 12 % ; 3 €</p></body>"
    out = french_spaces(html)
    assert out.startswith("<style>a { content: 'x' ; }</style>")
    assert "Avis\u00a0: «\u00a0oui\u00a0»\u202f; 12\u202f%\u202f; 3\u202f€" in out
