"""The cache of the public commune sheet: the page anonymous visitors see, rendered once.

That sheet shows only the referential, the memberships and their history (private sections
check the user), so it changes only with those journal kinds, or with the day (memberships
are dated): :func:`public_key` says so. Logged-in users, and visitors with a message waiting,
always get a freshly rendered sheet (no key). A kept page is a
:class:`~village_avenir.web.compression.PrecompressedPage`: the next visitors get bytes compressed
once. The LRU itself is :mod:`village_avenir.lru`, as the maps' one.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, Response
from flask import session as flask_session
from flask_login import current_user

from ..lru import LRUCache, app_cache
from ..maps.data import data_version
from ..web.compression import PrecompressedPage

__all__ = ["cached_page", "keep_page", "page_cache", "public_key"]

_KEY = "village_avenir.page_cache"
SIZE = 1024  # one commune sheet per entry: the Lot's 312 communes, and room to spare


def page_cache(app: Flask | None = None) -> LRUCache:
    """The app's cache of rendered public pages (one commune sheet per entry)."""
    return app_cache(_KEY, SIZE, app)


def public_key(session, code: str, objets: tuple[str, ...]) -> tuple | None:
    """Cache key of the sheet of ``code`` as an anonymous visitor with no message waiting
    sees it (``objets``: the journal kinds it shows), or None for anyone else."""
    if current_user.is_authenticated or "_flashes" in flask_session:
        return None
    return ("fiche", code, data_version(session, objets), date.today().isoformat())


def cached_page(key: tuple | None) -> Response | None:
    """The answer for the page kept under ``key``, or None (no key, or not kept)."""
    if key is None:
        return None
    kept = page_cache().get(key)
    return None if kept is None else kept.response()


def keep_page(key: tuple, page: str) -> Response:
    """Keep ``page`` under ``key`` with its compressed forms; the answer for this request."""
    kept = PrecompressedPage(page)
    page_cache().put(key, kept)
    return kept.response()
