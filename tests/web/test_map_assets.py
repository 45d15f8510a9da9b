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
