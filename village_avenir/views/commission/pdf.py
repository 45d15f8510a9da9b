"""The committee pack as one PDF, drawn by WeasyPrint from HTML and CSS (no browser).

Why WeasyPrint: a well-kept BSD-licensed HTML/CSS-to-PDF engine in pure Python over Pango,
with paged media (``@page`` margin boxes for page numbers and the freeze date on every page,
``counter(pages)``), French hyphenation (``lang="fr"``, Pyphen) and inline SVG, so the map
drawn on the server goes into the PDF as vectors. It needs Pango at run time (Debian:
libpango-1.0-0, libpangoft2-1.0-0, installed by ``.ci/run``).

The template only reads the frozen pack: the PDF of a session never changes.
"""

from __future__ import annotations

import base64
from datetime import date, datetime

from flask import render_template

from ...domain.nombres import NNBSP
from ...formatting import local

__all__ = ["date_iso", "datetime_iso", "french_spaces", "pack_html", "pack_pdf"]

NBSP = "\u00a0"
# French typography: no line break inside « … » nor before : ; ! ? % € (Imprimerie
# nationale's rules: no-break space before the colon, narrow one before ; ! ? % €).
FRENCH_SPACES = (
    (" :", NBSP + ":"),
    (" ;", NNBSP + ";"),
    (" !", NNBSP + "!"),
    (" ?", NNBSP + "?"),
    (" %", NNBSP + "%"),
    (" €", NNBSP + "€"),
    ("« ", "«" + NBSP),
    (" »", NBSP + "»"),
)


def french_spaces(html: str) -> str:
    """Non-breaking spaces of French typography in the body of ``html`` (not in its CSS)."""
    head, sep, body = html.partition("<body>")
    for plain, fixed in FRENCH_SPACES:
        body = body.replace(plain, fixed)
    return head + sep + body


def date_iso(text: str | None) -> str:
    """``2026-11-30`` (or an ISO date-time) → ``30/11/2026``."""
    if not text:
        return "non renseignée"
    return (
        date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
        if len(text) <= 10
        else datetime_iso(text, heure=False)
    )


def datetime_iso(text: str | None, heure: bool = True) -> str:
    """An ISO date-time (UTC when naive) → ``30/11/2026 à 14 h 05`` in Paris time."""
    if not text:
        return "non renseignée"
    value = local(datetime.fromisoformat(text))
    return value.strftime("%d/%m/%Y à %H h %M" if heure else "%d/%m/%Y")


def pack_html(pack: dict) -> str:
    """The HTML the PDF is made from (also handy to debug the layout)."""
    from ...services.candidatures.avis import AVIS

    # The map goes in as an image of type SVG (still vectors in the PDF): inline, its 300+
    # paths would each go through the HTML style cascade, twice as slow.
    svg = pack.get("carte_svg")
    carte = base64.b64encode(svg.encode()).decode() if svg else None
    return french_spaces(
        render_template("commission/dossier_pdf.html", pack=pack, avis_libelles=AVIS, carte=carte)
    )


def pack_pdf(pack: dict) -> bytes:
    """The PDF of a frozen pack."""
    from weasyprint import HTML  # imported here: Pango is only needed to print

    return HTML(string=pack_html(pack), base_url=None).write_pdf()
