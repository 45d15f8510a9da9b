"""Heritage items on a commune map: one layer, a diamond per item whose colour AND number
say its state (1 bon … 4 en péril, « ? » non évalué), so colour is never the only cue.
The legend (``templates/patrimoine/_legende.html``) uses :data:`SYMBOLES` too.

Colours: Okabe–Ito colour-blind-safe palette (as the plan's horizons), grey for « non évalué ».
"""

from __future__ import annotations

import folium
from markupsafe import Markup, escape

from ..domain.patrimoine import ETATS
from ..formatting import compte
from .plan import HtmlPopup, TextTooltip

__all__ = ["SYMBOLES", "add_patrimoine", "legend", "losange"]

# state → (fill, text colour, mark)
SYMBOLES = {
    "bon": ("#009E73", "#ffffff", "1"),
    "moyen": ("#F0E442", "#000000", "2"),
    "mauvais": ("#E69F00", "#000000", "3"),
    "peril": ("#D55E00", "#ffffff", "4"),
    "non_evalue": ("#BBBBBB", "#000000", "?"),
}


def losange(etat: str, size: int = 24) -> str:
    """The inline SVG of a state's symbol (presentation attributes only: the CSP forbids
    inline styles)."""
    fill, ink, mark = SYMBOLES.get(etat, SYMBOLES["non_evalue"])
    return (
        f'<svg class="symbole-patrimoine" width="{size}" height="{size}" viewBox="0 0 24 24" '
        'aria-hidden="true" focusable="false"><path d="M12 1 L23 12 L12 23 L1 12 Z" '
        f'fill="{fill}" stroke="#000000" stroke-width="2"/><text x="12" y="16.5" '
        f'text-anchor="middle" font-size="12" font-weight="700" fill="{ink}" '
        f'font-family="sans-serif">{mark}</text></svg>'
    )


def add_patrimoine(m: folium.Map, items: list[dict]) -> int:
    """Add the placed items (dicts with ``nom``, ``etat``, ``longitude``, ``latitude`` and
    ``details``: label → text) as one layer; returns how many are on the map."""
    placed = [i for i in items if i.get("longitude") is not None and i.get("latitude") is not None]
    group = folium.FeatureGroup(name=f"Patrimoine : {compte(len(placed), 'élément')} sur la carte")
    for item in placed:
        lines = "".join(
            f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in item["details"].items() if v
        )
        etat = ETATS.get(item["etat"], item["etat"])
        folium.Marker(
            location=[item["latitude"], item["longitude"]],
            icon=folium.DivIcon(
                html=losange(item["etat"]),
                class_name="marqueur-patrimoine",
                icon_size=(24, 24),
                icon_anchor=(12, 12),
            ),
            keyboard=False,
        ).add_child(TextTooltip(f"{item['nom']} ({etat})")).add_child(
            HtmlPopup(
                f"<strong>{escape(item['nom'])}</strong><dl class='popup-action'>{lines}</dl>"
            )
        ).add_to(group)
    group.add_to(m)
    return len(placed)


def legend() -> list[tuple[Markup, str]]:
    """(symbol SVG, state label) for the map legends, in the scale's order."""
    return [(Markup(losange(e, 20)), ETATS[e]) for e in SYMBOLES]  # noqa: S704  (our own SVG)
