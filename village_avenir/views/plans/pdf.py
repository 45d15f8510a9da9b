"""The « Projet stratégique de <commune> » PDF for the municipal council, drawn by WeasyPrint
like the committee pack (``views/commission/pdf.py``: A4 paged media, page numbers
``counter(pages)`` in the margin boxes, French spacing), with the plan's located actions as a
server-made SVG map. The template reads one plan version only: a validated version's PDF never
changes (the statuses of the follow-up are not part of it)."""

from __future__ import annotations

import base64

from flask import render_template

from ...formatting import local
from ...models import utcnow
from ...parametres import load_catalogue_actions
from ..commission.pdf import french_spaces
from .projet_vue import projet_context

__all__ = ["projet_html", "projet_pdf_bytes"]


def projet_html(commune, version) -> str:
    ctx = projet_context(commune, version)
    svg = ctx.pop("carte_svg")
    ctx["src"] = str  # printed: sources keep their web addresses
    carte = base64.b64encode(svg.encode()).decode() if svg else None
    return french_spaces(
        render_template(
            "plans/projet_pdf.html",
            commune=commune,
            version=version,
            carte=carte,
            catalogue=load_catalogue_actions(),
            imprime_le=local(utcnow()),
            **ctx,
        )
    )


def projet_pdf_bytes(commune, version) -> bytes:
    from weasyprint import HTML  # imported here: Pango is only needed to print

    return HTML(string=projet_html(commune, version), base_url=None).write_pdf()
