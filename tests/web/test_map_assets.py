"""Leaflet is served by the app and folium maps reference nothing outside it."""

import re

import folium

from village_avenir.maps.assets import local_map


def test_leaflet_files_are_served_locally(client):
    for name in ("leaflet.js", "leaflet.css", "images/marker-icon.png"):
        assert client.get(f"/vendor/leaflet/{name}").status_code == 200, name
    assert client.get("/vendor/leaflet/../../pyproject.toml").status_code == 404


def test_local_map_references_no_external_origin(app):
    with app.test_request_context():
        m = local_map(location=[44.6, 1.6], zoom_start=9)
        folium.GeoJson({"type": "FeatureCollection", "features": []}).add_to(m)
        folium.LayerControl().add_to(m)
        html = m.get_root().render()
    assert re.findall(r'(?:src|href)="([^"]+)"', html) == [
        "/vendor/leaflet/leaflet.js",
        "/vendor/leaflet/leaflet.css",
    ]
    assert not re.search(r"https?://", html)


def test_render_parts_keeps_only_asset_links_in_the_header(app):
    """folium's stand-alone page styles (full-height body, no zoom) stay out of our pages."""
    from village_avenir.maps.assets import render_parts

    with app.test_request_context():
        m = local_map(location=[44.6, 1.6], zoom_start=9)
        header, html, script = render_parts(m)
    assert '<script src="/vendor/leaflet/leaflet.js"></script>' in header
    assert 'href="/vendor/leaflet/leaflet.css"' in header
    assert "user-scalable=no" not in header and "html, body" not in header
    assert f'id="{m.get_name()}"' in html
    assert f"var {m.get_name()} = L.map(" in script
