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
    # Fingerprinted (issue 17): ``?v=`` and 12 hex digits of the file's hash.
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert [re.sub(r"\?v=[0-9a-f]{12}$", "", link) for link in links] == [
        "/vendor/leaflet/leaflet.js",
        "/vendor/leaflet/leaflet.css",
    ]
    assert all("?v=" in link for link in links)
    assert not re.search(r"https?://", html)


def test_render_parts_keeps_only_asset_links_in_the_header(app):
    """folium's stand-alone page styles (full-height body, no zoom) stay out of our pages."""
    from village_avenir.maps.assets import render_parts

    with app.test_request_context():
        m = local_map(location=[44.6, 1.6], zoom_start=9)
        header, html, script = render_parts(m)
    assert re.search(r'<script src="/vendor/leaflet/leaflet.js\?v=[0-9a-f]{12}"></script>', header)
    assert re.search(r'href="/vendor/leaflet/leaflet.css\?v=[0-9a-f]{12}"', header)
    assert "user-scalable=no" not in header and "html, body" not in header
    assert f'id="{m.get_name()}"' in html
    assert f"var {m.get_name()} = L.map(" in script
