"""Links in e-mails, from the configured public address only (issue 25).

A link in a message must never take its host from the request: with ``url_for(_external=True)``
whoever triggered a password-reset e-mail chose, through the ``Host`` or
``X-Forwarded-Host`` header, the site the victim's token was sent to. ``Liens`` builds every
absolute link from ``URL_PUBLIQUE`` (``config.url_publique``: required outside development)
and the app's URL map: no request is read, so a view, a CLI command and the sender get the
same links.

The app factory builds one with :func:`init_app` after the blueprints are registered and
keeps it as ``app.extensions["liens"]``; the services reach it through
``services.courriels.messages.liens()`` and never name a view themselves: each page a message may
point to is a method here (``reinitialisation``, ``candidature``…), and :func:`init_app`
refuses to start when one of them names an endpoint the app does not have.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import BuildError, Map

from .config import url_publique

__all__ = ["EXTENSION", "PAGES", "LienInconnu", "Liens", "init_app"]

EXTENSION = "liens"
# The pages a message may point to: method of Liens → endpoint of the app.
PAGES = {
    "invitation": "auth.invitation",
    "reinitialisation": "auth.reinitialisation",
    "oubli": "auth.oubli",
    "candidature": "candidatures.detail",
    "instruction": "instruction.detail",
    "patrimoine": "patrimoine.liste",
    "visites_patrimoine": "patrimoine_visite.liste",
}


class LienInconnu(LookupError):
    """A message names a page the app does not have (a programming error, found by the
    tests and at start-up, never by a recipient)."""


@dataclass(frozen=True)
class Liens:
    """Absolute links under ``base`` (no trailing slash), e.g. ``https://village-avenir.lot.fr``."""

    base: str
    url_map: Map

    def page(self, endpoint: str, **values) -> str:
        """The absolute link of ``endpoint`` with ``values``; LienInconnu when the app has no
        such page or the values do not fit it. Prefer the named methods below."""
        try:
            path = self.url_map.bind("localhost").build(endpoint, values)
        except BuildError as exc:
            raise LienInconnu(f"Page inconnue pour un lien de courriel : {endpoint}") from exc
        return self.base + path

    def invitation(self, jeton: str) -> str:
        return self.page(PAGES["invitation"], jeton=jeton)

    def reinitialisation(self, jeton: str) -> str:
        return self.page(PAGES["reinitialisation"], jeton=jeton)

    def oubli(self) -> str:
        return self.page(PAGES["oubli"])

    def candidature(self, cid: int) -> str:
        """The application as the commune sees it."""
        return self.page(PAGES["candidature"], cid=cid)

    def instruction(self, cid: int) -> str:
        """The application as the Département's engineers see it."""
        return self.page(PAGES["instruction"], cid=cid)

    def patrimoine(self, code: str) -> str:
        """The heritage inventory of a commune."""
        return self.page(PAGES["patrimoine"], code=code)

    def visites_patrimoine(self, code: str) -> str:
        """The on-site heritage visits of a commune (issue 22, item 2)."""
        return self.page(PAGES["visites_patrimoine"], code=code)


def missing_pages(app: Flask) -> list[str]:
    """Endpoints of ``PAGES`` the app does not have (empty when all exist)."""
    return sorted(e for e in PAGES.values() if e not in app.view_functions)


def init_app(app: Flask) -> Liens:
    """Build the app's link builder (call after registering the blueprints)."""
    missing = missing_pages(app)
    if missing:
        raise LienInconnu("Pages inconnues pour les liens des courriels : " + ", ".join(missing))
    liens = Liens(url_publique(app.config, app.debug), app.url_map)
    app.extensions[EXTENSION] = liens
    return liens
