"""The committee map as a vector drawing (SVG) made on the server: candidates coloured by the
engineer's opinion, the other communes in grey. No browser and no tiles: the same markup is
embedded in the session page and in its PDF (WeasyPrint draws SVG).

The shapes are the simplified, rounded display copy of the département map
(:func:`.departement.display_shapes`), projected with a local equirectangular projection
(longitude scaled by the cosine of the mean latitude), enough for a 17 cm wide figure.
"""

from __future__ import annotations

import json
import math
from html import escape

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

__all__ = ["AVIS_COULEURS", "AUTRES", "opinion_map_svg"]

# Colour-blind-safe (ColorBrewer PuOr / RdBu extremes) with a distinct hue per opinion.
AVIS_COULEURS = {
    "favorable": ("#1a9850", "Avis favorable"),
    "reserve": ("#fdae61", "Avis réservé"),
    "defavorable": ("#b2182b", "Avis défavorable"),
    None: ("#4575b4", "Candidate, avis non donné"),
}
AUTRES = ("#e0e0e0", "Autres communes")
WIDTH = 640


def _rings(geom: BaseGeometry):
    polys = getattr(geom, "geoms", [geom])
    for p in polys:
        if p.is_empty or p.geom_type != "Polygon":
            continue
        yield p.exterior.coords
        for hole in p.interiors:
            yield hole.coords


def _path(geom: BaseGeometry, project) -> str:
    parts = []
    for ring in _rings(geom):
        pts = [project(x, y) for x, y in ring]
        parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def opinion_map_svg(features: dict[str, str], candidats: dict[str, tuple[str, str | None]]) -> str:
    """SVG of the communes (``features``: code → GeoJSON Feature text) with ``candidats``
    (code → (commune name, opinion code or None)) coloured, the others grey."""
    geoms = {code: shape(json.loads(text)["geometry"]) for code, text in features.items()}
    geoms = {code: g for code, g in geoms.items() if not g.is_empty}
    if not geoms:
        return ""
    xs, ys = [], []
    for g in geoms.values():
        minx, miny, maxx, maxy = g.bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    kx = math.cos(math.radians((min(ys) + max(ys)) / 2))
    w, h = (max(xs) - min(xs)) * kx, max(ys) - min(ys)
    scale = WIDTH / w
    height = h * scale
    x0, y1 = min(xs), max(ys)

    def project(x, y):
        return (x - x0) * kx * scale, (y1 - y) * scale

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height + 110:.0f}" '
        f'role="img" aria-labelledby="carte-titre carte-desc" class="carte-commission">',
        '<title id="carte-titre">Carte des candidatures par avis de l\'ingénieur</title>',
        f'<desc id="carte-desc">{len(candidats)} communes candidates colorées selon l\'avis, '
        "les autres communes du département en gris. Le tableau donne les mêmes informations."
        "</desc>",
        f'<g stroke="#ffffff" stroke-width="0.4" fill="{AUTRES[0]}">',
    ]
    for code, g in geoms.items():
        if code not in candidats:
            out.append(f'<path d="{_path(g, project)}"/>')
    out.append('</g><g stroke="#222222" stroke-width="0.8">')
    for code, (nom, avis) in candidats.items():
        g = geoms.get(code)
        if g is None:
            continue
        colour, libelle = AVIS_COULEURS.get(avis, AVIS_COULEURS[None])
        out.append(
            f'<path fill="{colour}" d="{_path(g, project)}">'
            f"<title>{escape(nom)} : {escape(libelle.lower())}</title></path>"
        )
    out.append("</g>")
    legend = [*AVIS_COULEURS.values(), AUTRES]
    for i, (colour, libelle) in enumerate(legend):
        y = height + 12 + (i % 3) * 28
        x = 10 + (i // 3) * 320
        out.append(
            f'<rect x="{x}" y="{y:.0f}" width="22" height="16" fill="{colour}" '
            f'stroke="#222222" stroke-width="0.8"/>'
            f'<text x="{x + 30}" y="{y + 13:.0f}" font-size="15" '
            f'font-family="DejaVu Sans, sans-serif">{escape(libelle)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
