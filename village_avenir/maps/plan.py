"""The commune plan map: the commune outline and its actions, one layer per horizon.

Built with :func:`local_map` (local Leaflet only). Colours are the Okabe–Ito colour-blind-safe
palette; the legend (in the page, see ``templates/plans/_carte.html``) also names each horizon
and areas differ by dash pattern, so colour is never the only cue.
"""

from __future__ import annotations

import folium
import shapely
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup, escape
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from ..domain.planning import DUREES, HORIZONS
from .assets import local_map, render_parts

__all__ = ["COULEURS", "TIRETS", "map_parts", "plan_map"]

COULEURS = {"court": "#D55E00", "moyen": "#0072B2", "long": "#009E73"}
TIRETS = {"court": None, "moyen": "8 4", "long": "2 4"}
DISPLAY_GRID = 1e-5  # ~1 m: display only, the stored geometry stays exact


class _LeafletText(MacroElement):
    """A Leaflet ``bind…`` call on the parent layer with a JSON-escaped string: no jQuery (a
    CDN) as folium's Popup needs, and no raw text pasted into the nonce-trusted script as
    folium's Tooltip does (a backtick or ``${`` in a name would become code)."""

    method = ""
    options = ""
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.{{ this.method }}({{ this.html|tojson }}, "
        "{{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, html: str):
        super().__init__()
        self._name = type(self).__name__
        self.html = html


class HtmlPopup(_LeafletText):
    """A popup of (already escaped) HTML, at most 320 px wide."""

    method, options = "bindPopup", "{maxWidth: 320}"


class TextTooltip(_LeafletText):
    """A sticky tooltip of plain text (escaped here)."""

    method, options = "bindTooltip", "{sticky: true}"

    def __init__(self, text: str):
        super().__init__(str(escape(text)))


def _popup(a: dict) -> HtmlPopup:
    lines = "".join(
        f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in a["details"].items() if v
    )
    return HtmlPopup(
        f"<strong>{escape(a['libelle'])}</strong><dl class='popup-action'>{lines}</dl>"
    )


def plan_map(nom: str, commune: BaseGeometry | None, actions: list[dict]) -> folium.Map:
    """``actions``: dicts with ``cle``, ``libelle``, ``horizon``, ``geometry`` (shapely or
    None) and ``details`` (label → text shown in the popup)."""
    m = local_map(location=[44.6, 1.6], zoom_start=12, height=450)
    if commune is not None:
        shown = shapely.set_precision(commune, DISPLAY_GRID)
        folium.GeoJson(
            mapping(shown),
            name=f"Contour de {nom}",
            style_function=lambda _f: {
                "color": "#333333",
                "weight": 2,
                "fillOpacity": 0.05,
                "className": "contour-commune",
            },
            control=False,
        ).add_child(TextTooltip(nom)).add_to(m)
        minx, miny, maxx, maxy = commune.bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    for h, libelle in HORIZONS.items():
        placed = [a for a in actions if a["horizon"] == h and a["geometry"] is not None]
        group = folium.FeatureGroup(name=f"{libelle} ({DUREES[h]}) : {len(placed)} sur la carte")
        for a in placed:
            geom = a["geometry"]
            css = f"action action-{h}"
            if geom.geom_type == "Point":
                folium.CircleMarker(
                    location=[geom.y, geom.x],
                    radius=9,
                    color="#000000",
                    weight=2,
                    fill=True,
                    fill_color=COULEURS[h],
                    fill_opacity=0.9,
                    className=css,
                ).add_child(TextTooltip(a["libelle"])).add_child(_popup(a)).add_to(group)
            else:
                style = {
                    "color": COULEURS[h],
                    "weight": 3,
                    "fillOpacity": 0.3,
                    "dashArray": TIRETS[h],
                    "className": css,
                }
                folium.GeoJson(
                    mapping(shapely.set_precision(geom, DISPLAY_GRID)),
                    style_function=lambda _f, style=style: style,
                ).add_child(TextTooltip(a["libelle"])).add_child(_popup(a)).add_to(group)
        group.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def map_parts(m: folium.Map) -> dict[str, Markup]:
    """The map's header (asset links only), body and script (bare JavaScript: the template
    wraps it in ``<script nonce="{{ csp_nonce() }}">``), to place in a Flask template.

    folium's inline ``<style>`` and ``<script>`` header parts are left out (see
    :func:`render_parts`): the Content-Security-Policy forbids inline styles, and the map's
    size comes from ``static/style.css``.
    """
    header, html, script = render_parts(m)
    # S704: folium's rendering of our data, in which every text is escaped and passed as JSON
    # (_popup and HtmlPopup, TextTooltip).
    return {"header": Markup(header), "html": Markup(html), "script": Markup(script)}  # noqa: S704
