"""French display formats for templates (numbers with narrow spaces, dates)."""

from __future__ import annotations

from flask import Flask

NNBSP = "\u202f"


def nombre(value: int | float | None, decimals: int = 0) -> str:
    """``173828`` → ``173 828``; ``1234.5`` → ``1 234,5``; None → « non renseigné »."""
    if value is None:
        return "non renseigné"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["nombre"] = nombre
