"""The département map: communes coloured by a registered colouring, EPCI outlines, tooltips,
a click to the commune sheet, an optional base tile layer. Built once per
(colouring, EPCI filter, data version) and cached.

The geometry sent to the browser is a simplified, rounded copy (:mod:`.simplify`), shared by
every colouring; the colours travel separately as a small ``code → class`` table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import folium
import shapely
from flask import current_app, url_for
from folium.elements import MacroElement
from folium.template import Template
from sqlmodel import Session

from ..domain.refus import Refus
from .assets import local_map, render_parts
from .cache import map_cache
from .data import REFERENTIEL, commune_shapes, data_version
from .layers import Classified, Colouring, classify
from .simplify import feature_json, geometry_json, outlines, prepare_display

__all__ = [
    "CarteVide",
    "DepartementMap",
    "DisplayShapes",
    "EpciInconnu",
    "build_departement_map",
]


class EpciInconnu(Refus, LookupError):
    """The EPCI filter names no EPCI of the département."""


class CarteVide(Refus, LookupError):
    """No commune with a geometry is loaded for the département."""

    status = 404


@dataclass(frozen=True)
class CommuneInfo:
    code_insee: str
    nom: str
    epci_code: str | None
    epci_nom: str | None


@dataclass(frozen=True)
class DisplayShapes:
    """Light geometry of the communes, built once per data version for every colouring."""

    communes: tuple[CommuneInfo, ...]
    features: dict[str, str]  # code_insee -> GeoJSON Feature text (simplified, rounded)
    epci_outlines: dict[str, str]  # EPCI code -> GeoJSON of its outline
    all_outlines: str  # every EPCI border once
    bounds: dict[str, list[list[float]]]  # "" (all) or EPCI code -> [[south, west], [north, east]]

    def epcis(self) -> list[tuple[str, str]]:
        pairs = {(c.epci_code, c.epci_nom or c.epci_code) for c in self.communes if c.epci_code}
        return sorted(pairs, key=lambda p: p[1])


@dataclass(frozen=True)
class DepartementMap:
    colouring: Colouring
    epci: str | None
    communes: tuple[CommuneInfo, ...]
    classified: Classified
    header: str
    html: str
    script: str
    geojson: str  # the geometry sent to the browser (communes and outlines)


def _bounds(geom) -> list[list[float]]:
    west, south, east, north = geom.bounds
    return [[south, west], [north, east]]


def build_display_shapes(session: Session, tolerance: float, decimals: int) -> DisplayShapes:
    rows = [r for r in commune_shapes(session, current_app.config["DEPARTEMENT"]) if r.geometry]
    display = prepare_display(
        [r.geometry for r in rows], [r.epci_code for r in rows], tolerance, decimals
    )
    features = {
        r.code_insee: feature_json(g, {"c": r.code_insee, "n": r.nom})
        for r, g in zip(rows, display.polygons, strict=True)
    }
    bounds = {k: _bounds(g) for k, g in display.groups.items()}
    if rows:
        bounds[""] = _bounds(shapely.union_all(list(display.polygons)).envelope)
    return DisplayShapes(
        communes=tuple(CommuneInfo(r.code_insee, r.nom, r.epci_code, r.epci_nom) for r in rows),
        features=features,
        epci_outlines={k: geometry_json(g.boundary) for k, g in display.groups.items()},
        all_outlines=geometry_json(outlines(list(display.groups.values()))),
        bounds=bounds,
    )


def display_shapes(session: Session, version: str | None = None) -> DisplayShapes:
    cfg = current_app.config
    tolerance, decimals = cfg["CARTE_TOLERANCE"], cfg["CARTE_DECIMALES"]
    version = version or data_version(session, REFERENTIEL)
    return map_cache().get_or_build(
        ("formes", cfg["DEPARTEMENT"], version, tolerance, decimals),
        lambda: build_display_shapes(session, tolerance, decimals),
    )


def _js(text: str) -> str:
    """JSON text made safe inside a <script> element."""
    return text.replace("</", "<\\/")


class CommuneLayer(MacroElement):
    """Communes (one SVG path each, class ``commune``, ``data-code``), EPCI outlines on top."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var palette = {{ this.palette }}, keys = {{ this.keys }};
  var texts = {{ this.texts }}, values = {{ this.values }};  // code -> [class, text, text]
  var sheet = {{ this.sheet }};
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }
  var base = {color: "#ffffff", weight: 0.7, fillOpacity: 0.9};
  function style(f) {
    var v = values[f.properties.c];
    return L.extend({className: "commune", fillColor: palette[v[0]]}, base);
  }
  var communes = L.geoJSON({{ this.communes }}, {
    style: style,
    onEachFeature: function (f, layer) {
      var v = values[f.properties.c];
      layer.bindTooltip("<strong>" + esc(f.properties.n) + "</strong> (" + f.properties.c +
        ")<br>" + esc(texts[v[1]]) + "<br><small>" + esc(texts[v[2]]) + "</small>",
        {sticky: true, className: "infobulle"});
      layer.on("click", function () { window.location.href = sheet.replace("CODE", f.properties.c); });
      // No bringToFront here: moving the SVG node under the pointer loses its mouseout.
      layer.on("mouseover", function () { layer.setStyle({weight: 2.5, color: "#000000"}); });
      layer.on("mouseout", function () { communes.resetStyle(layer); });
    }
  }).addTo(map);
  communes.eachLayer(function (layer) {
    var el = layer.getElement(), code = layer.feature.properties.c;
    el.setAttribute("data-code", code);
    el.setAttribute("data-classe", keys[values[code][0]]);
    // Out of the tab order: 312 unnamed stops made the page unusable with a keyboard; the
    // same data is in the table, reached by the links around the map.
    el.setAttribute("tabindex", "-1");
  });
  var outline = L.geoJSON({{ this.outlines }}, {
    interactive: false, style: {className: "contour-epci", color: "#1a1a1a", weight: 1.8, fill: false}
  }).addTo(map);
  L.control.scale({imperial: false}).addTo(map);
  // The « Leaflet » credit as text, not a link: one Tab stop less between the map's
  // neighbours (its site is out of reach on a closed network anyway).
  if (map.attributionControl) { map.attributionControl.setPrefix("Leaflet"); }
  var bounds = {{ this.bounds }};
  map.fitBounds(bounds, {animate: false});
  window.addEventListener("beforeprint", function () { map.invalidateSize(); map.fitBounds(bounds, {animate: false}); });
})();
{% endmacro %}
"""
    )

    def __init__(self, communes, outlines, classified: Classified, sheet_url, bounds):
        super().__init__()
        self._name = "CommuneLayer"
        self.communes = _js(communes)
        self.outlines = _js(outlines)
        legend = classified.legend
        self.palette = json.dumps([e.colour for e in legend])
        self.keys = json.dumps([e.key for e in legend])
        # Tooltip texts repeat (same status, same source): send each once, then indices.
        texts: dict[str, int] = {}
        values = {
            code: [k, *(texts.setdefault(t, len(texts)) for t in _tooltip(classified, code))]
            for code, k in sorted(classified.classes.items())
        }
        compact = {"ensure_ascii": False, "separators": (",", ":")}
        self.texts = _js(json.dumps(list(texts), **compact))
        self.values = _js(json.dumps(values, **compact))
        self.sheet = json.dumps(sheet_url)
        self.bounds = json.dumps(bounds)


def _tooltip(classified: Classified, code: str) -> tuple[str, str]:
    """(value line, year and source line) of a commune's tooltip."""
    v = classified.values.get(code)
    if v is None:
        return f"{classified.colouring.label} : pas de donnée", ""
    return (
        f"{classified.colouring.label} : {v.label}",
        f"Année : {v.year or 'non précisée'} ; source : {v.source}",
    )


def _build(session, colouring: Colouring, epci: str | None, shapes: DisplayShapes):
    cfg = current_app.config
    communes = tuple(c for c in shapes.communes if epci is None or c.epci_code == epci)
    codes = [c.code_insee for c in communes]
    classified = classify(colouring, colouring.provider(session), codes)
    features = ",".join(shapes.features[c] for c in codes)
    communes_json = f'{{"type":"FeatureCollection","features":[{features}]}}'
    outline_json = shapes.epci_outlines[epci] if epci else shapes.all_outlines
    m = local_map(
        location=[44.6, 1.6],
        zoom_start=9,
        min_zoom=7,
        max_zoom=15,
        zoom_snap=0.25,
        control_scale=False,
    )
    if cfg.get("CARTE_TUILES_URL"):
        folium.TileLayer(
            tiles=cfg["CARTE_TUILES_URL"],
            attr=cfg.get("CARTE_TUILES_ATTRIBUTION") or "Fond de carte configuré",
            name="Fond de carte",
        ).add_to(m)
    sheet_url = url_for("communes.fiche", code="CODE")
    layer = CommuneLayer(
        communes_json, outline_json, classified, sheet_url, shapes.bounds[epci or ""]
    )
    layer.add_to(m)
    header, html, script = render_parts(m)
    return DepartementMap(
        colouring,
        epci,
        communes,
        classified,
        header,
        html,
        script,
        f"[{communes_json},{outline_json}]",
    )


def build_departement_map(
    session: Session, colouring: Colouring, epci: str | None = None
) -> DepartementMap:
    """The map for ``colouring`` (and one EPCI), from the cache when the data has not changed.

    Raises EpciInconnu when ``epci`` is not an EPCI of the département's communes.
    """
    # Versions read first: a concurrent write only causes a rebuild. The shapes follow the
    # referential only; the colouring its own journal kinds; the day, for dated memberships.
    shapes = display_shapes(session, data_version(session, REFERENTIEL))
    version = (data_version(session, colouring.depends_on), date.today().isoformat())
    if not shapes.communes:
        raise CarteVide(
            "Aucune commune n'est encore chargée pour ce département : la carte n'est pas "
            "disponible. Prévenez l'administrateur du service."
        )
    if epci is not None and epci not in shapes.epci_outlines:
        raise EpciInconnu(f"Aucune intercommunalité du département n'a le code « {epci} ».")
    cfg = current_app.config
    key = (
        "departement",
        colouring.code,
        epci,
        version,
        cfg["CARTE_TOLERANCE"],
        cfg["CARTE_DECIMALES"],
        cfg.get("CARTE_TUILES_URL"),
    )
    return map_cache().get_or_build(key, lambda: _build(session, colouring, epci, shapes))
