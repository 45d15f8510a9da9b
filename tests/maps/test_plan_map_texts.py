"""Texts of the plan map reach Leaflet as escaped JSON strings: a name with HTML, a backtick
or ``${…}`` cannot become markup or code inside the page's nonce-trusted script."""

import shapely

from village_avenir.maps.plan import map_parts, plan_map

HOSTILE = "<b>Albas</b> `${document.title}` </script>"


def test_tooltips_and_popups_are_json_strings(app):
    commune = shapely.box(1.2, 44.4, 1.3, 44.5)
    action = {
        "cle": 1,
        "libelle": HOSTILE,
        "horizon": "court",
        "geometry": shapely.Point(1.25, 44.45),
        "details": {"Porteur": HOSTILE},
    }
    with app.test_request_context():
        script = str(map_parts(plan_map(HOSTILE, commune, [action]))["script"])
    assert "<b>" not in script and "</script>" not in script
    assert "`<div>" not in script  # folium's Tooltip and its template literal are not used
    assert script.count("bindTooltip(") == 2  # the outline and the action
    assert (
        '.bindTooltip("\\u0026lt;b\\u0026gt;Albas\\u0026lt;/b\\u0026gt; `${document.title}`'
        in script
    )
