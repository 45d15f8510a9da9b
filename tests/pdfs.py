"""Small but real PDF files for the tests (the upload check opens them with pypdf)."""

from __future__ import annotations

import io

from pypdf import PdfWriter


def minimal_pdf(pages: int = 1, title: str = "Délibération de test") -> bytes:
    """A valid PDF of ``pages`` blank A4 pages whose title (uncompressed) is ``title``."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = minimal_pdf()
