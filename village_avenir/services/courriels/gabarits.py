"""The e-mail texts, rendered from Jinja templates in ``templates/courriels/``.

One template per message, ``<nom>.txt``: it extends ``_base.txt`` (which adds the signature)
and defines two blocks, ``sujet`` (the subject line) and ``corps`` (the plain text,
paragraphs separated by a blank line). The HTML part is not written per message: the shared
layout ``_base.html`` renders the very paragraphs of the plain text, escaped, a line that is
a bare link becoming an anchor. So the two parts cannot say different things, and a message
is changed in one file.

The environment is a plain Jinja ``Environment`` (no Flask, no request: the CLI and the
sender loop render messages too): autoescape on for ``.html`` only, ``StrictUndefined`` so a
variable a caller forgot fails a test instead of sending a blank, the site's French filters
(``de_commune``, ``date_locale``, ``heure_locale``). Links are given by the caller (the app's
link builder, ``messages.liens()``): a template never builds one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ...config import ROOT
from ...formatting import date_locale, de_commune, heure_locale

__all__ = ["DOSSIER", "Message", "noms", "render"]

DOSSIER = ROOT / "templates" / "courriels"


@dataclass(frozen=True)
class Message:
    """A rendered message: subject, plain-text part, HTML part (same content)."""

    sujet: str
    texte: str
    html: str


def is_lien(line: str) -> bool:
    """A line that is a bare link (it becomes an anchor in the HTML part)."""
    return line.startswith(("http://", "https://")) and " " not in line


@cache
def environment() -> Environment:
    """The templates' environment, built on first use (no import-time state)."""
    env = Environment(
        loader=FileSystemLoader(DOSSIER),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        # Block tags on their own line leave no blank line behind: the .txt files read as
        # the message reads.
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(de_commune=de_commune, date_locale=date_locale, heure_locale=heure_locale)
    env.tests["lien"] = is_lien
    return env


def noms() -> list[str]:
    """The messages there are templates for (``depot``, ``invitation``…), sorted."""
    return sorted(p.stem for p in DOSSIER.glob("*.txt") if not p.name.startswith("_"))


def _paragraphs(texte: str) -> list[list[str]]:
    """The plain text's paragraphs (blank-line separated), each as its lines."""
    return [para.split("\n") for para in re.split(r"\n{2,}", texte.strip("\n"))]


def render(nom: str, **contexte) -> Message:
    """Render the message ``nom`` (``templates/courriels/<nom>.txt``) with ``contexte``.

    Raises ``jinja2.TemplateNotFound`` for an unknown message and ``jinja2.UndefinedError``
    when the template uses a variable ``contexte`` lacks."""
    env = environment()
    template = env.get_template(f"{nom}.txt")
    sujet = "".join(template.blocks["sujet"](template.new_context(contexte))).strip()
    texte = template.render(contexte).strip("\n") + "\n"
    html = env.get_template("_base.html").render(paragraphes=_paragraphs(texte)) + "\n"
    return Message(sujet=sujet, texte=texte, html=html)
