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
from ..formatting import de_commune
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


class MetricScale(MacroElement):
    """A scale bar in metres and kilometres only (folium's own adds miles)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false, maxWidth: 150}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self):
        super().__init__()
        self._name = "MetricScale"


class TileFailureNotice(MacroElement):
    """When the base map's tiles cannot be fetched (closed network, service down), the page
    shows ``#fond-indisponible``; outline, town hall and actions stay on the map."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.once('tileerror', function () {"
        " var p = document.getElementById('fond-indisponible'); if (p) { p.hidden = false; } });"
        "{% endmacro %}"
    )

    def __init__(self):
        super().__init__()
        self._name = "TileFailureNotice"


def _town_hall(m: folium.Map, nom: str, mairie: BaseGeometry, adresse: str | None) -> None:
    """The town hall: a labelled square (not a round action marker), always named."""
    text = f"Mairie {de_commune(nom)}" + (f" — {' '.join(adresse.split())}" if adresse else "")
    folium.Marker(
        location=[mairie.y, mairie.x],
        icon=folium.DivIcon(
            html='<span class="icone-mairie" aria-hidden="true">M</span>',
            class_name="marqueur-mairie",
            icon_size=(26, 26),
            icon_anchor=(13, 13),
        ),
        keyboard=False,
    ).add_child(TextTooltip(text)).add_to(m)


def plan_map(
    nom: str,
    commune: BaseGeometry | None,
    actions: list[dict],
    *,
    mairie: BaseGeometry | None = None,
    mairie_adresse: str | None = None,
    fond: tuple[str, str] | None = None,
) -> folium.Map:
    """``actions``: dicts with ``cle``, ``libelle``, ``horizon``, ``geometry`` (shapely or
    None) and ``details`` (label → text shown in the popup). ``mairie``: the town hall's
    point. ``fond``: (tile URL template, attribution) of the base map, or None for none."""
    m = local_map(location=[44.6, 1.6], zoom_start=12, height=450, control_scale=False)
    MetricScale().add_to(m)
    if fond is not None:
        tiles = folium.TileLayer(
            tiles=fond[0], attr=fond[1], name="Fond de carte", control=False, max_zoom=19
        )
        tiles.add_to(m)
        TileFailureNotice().add_to(tiles)
    if mairie is not None:
        _town_hall(m, nom, mairie, mairie_adresse)
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
