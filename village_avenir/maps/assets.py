"""Local Leaflet assets and a folium map factory that uses only them.

Leaflet comes from the PyPI package ``xstatic-leaflet`` and is served by the app at
``/vendor/leaflet/…``; its URLs are fingerprinted (``?v=<hash>``) and then cached for good
by the browsers, see ``static_urls.py`` (its marker images, linked from ``leaflet.css``
without the hash, are kept a day). folium's default extra assets (jQuery, Bootstrap, awesome-markers,
all from CDNs) are dropped: our maps do not use them. Branca colormaps must be used as
functions only (adding one to a map pulls d3 from a CDN).
"""

from __future__ import annotations

import folium
import xstatic.pkg.leaflet as xleaflet
from branca.element import CssLink, JavascriptLink
from flask import Blueprint, send_from_directory, url_for

from ..web.static_urls import register_folder

bp = Blueprint("assets", __name__)
bp.record_once(lambda state: register_folder(state.app, "assets.leaflet", xleaflet.BASE_DIR))


@bp.get("/vendor/leaflet/<path:filename>")
def leaflet(filename: str):
    """Serve Leaflet's files (js, css, marker images) from the installed package."""
    return send_from_directory(xleaflet.BASE_DIR, filename, max_age=86400)


def local_map(**kwargs) -> folium.Map:
    """A ``folium.Map`` whose only scripts and styles are our local Leaflet.

    Call inside a request or app context (uses ``url_for``). No base tile layer unless the
    caller passes ``tiles``; pass ``tiles=None`` explicitly to be sure.
    """
    kwargs.setdefault("tiles", None)
    kwargs.setdefault("control_scale", True)
    m = folium.Map(**kwargs)
    m.default_js = [("leaflet", url_for("assets.leaflet", filename="leaflet.js"))]
    m.default_css = [("leaflet_css", url_for("assets.leaflet", filename="leaflet.css"))]
    return m


def render_parts(m: folium.Map) -> tuple[str, str, str]:
    """(header, html, script) of ``m`` to place in one of our pages (folium's Flask guide).

    folium's page-level header (``html, body {height: 100%}``, a viewport that forbids
    zooming, global flags) is for a stand-alone map file: it is left out so the map sits in
    our layout and the page stays zoomable. Only the asset links are kept.
    """
    root = m.get_root()
    root.render()
    header = "\n".join(
        child.render()
        for child in root.header._children.values()
        if isinstance(child, JavascriptLink | CssLink)
    )
    return header, root.html.render(), root.script.render()
