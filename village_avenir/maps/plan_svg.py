"""A commune's plan as a vector drawing (SVG) made on the server, for the projet stratégique PDF:
the commune's outline and its located actions (a numbered dot for a point, a hatched area for a
zone), coloured by horizon like the interactive map (``maps.plan.COULEURS``). Same local
equirectangular projection as the committee map (``maps.commission_svg``)."""

from __future__ import annotations

import math
from html import escape

from shapely.geometry.base import BaseGeometry

from .plan import COULEURS, TIRETS

__all__ = ["plan_map_svg"]

WIDTH = 600


def _rings(geom: BaseGeometry):
    for p in getattr(geom, "geoms", [geom]):
        if p.is_empty or p.geom_type != "Polygon":
            continue
        yield p.exterior.coords
        yield from (h.coords for h in p.interiors)


def plan_map_svg(
    nom: str, contour: BaseGeometry | None, actions: list[tuple[int, str, BaseGeometry]]
) -> str:
    """SVG of the commune ``contour`` with ``actions`` (number, horizon, geometry); "" when
    the outline is unknown."""
    if contour is None or contour.is_empty:
        return ""
    minx, miny, maxx, maxy = contour.bounds
    kx = math.cos(math.radians((miny + maxy) / 2))
    w, h = max((maxx - minx) * kx, 1e-9), max(maxy - miny, 1e-9)
    scale = (WIDTH - 20) / w
    height = h * scale + 20

    # Half a pixel of the drawing: finer vertices are invisible and slow the PDF down.
    contour = contour.simplify(0.5 / scale, preserve_topology=True)

    def project(x, y):
        return 10 + (x - minx) * kx * scale, 10 + (maxy - y) * scale

    def path(geom):
        return "".join(
            "M" + "L".join("{:.1f} {:.1f}".format(*project(x, y)) for x, y in ring) + "Z"
            for ring in _rings(geom)
        )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" aria-label="Carte des actions '
        f'localisées de {escape(nom)}">',
        f'<path d="{path(contour)}" fill="#f4f4f4" stroke="#333" stroke-width="1.5"/>',
    ]
    for numero, horizon, geom in actions:
        colour = COULEURS.get(horizon, "#333")
        dash = f' stroke-dasharray="{TIRETS[horizon]}"' if TIRETS.get(horizon) else ""
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            out.append(
                f'<path d="{path(geom)}" fill="{colour}" fill-opacity="0.3" '
                f'stroke="{colour}" stroke-width="2"{dash}/>'
            )
            p = geom.representative_point()
        else:
            p = geom.centroid
        x, y = project(p.x, p.y)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{colour}" stroke="#fff"/>')
        out.append(
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#fff" font-family="DejaVu Sans">{numero}</text>'
        )
    out.append("</svg>")
    return "".join(out)
