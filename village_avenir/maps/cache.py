"""The in-process cache of built maps, keyed by (map, layer, filters, data version).

The data version (:func:`.data.data_version`) is part of the key, so a write anywhere makes
the next request rebuild; old versions fall out of the LRU (:mod:`village_avenir.lru`).
"""

from __future__ import annotations

from flask import Flask

from ..lru import LRUCache, app_cache

__all__ = ["map_cache"]

_KEY = "village_avenir.map_cache"


def map_cache(app: Flask | None = None) -> LRUCache:
    """The app's map cache (created on first use)."""
    return app_cache(_KEY, 64, app)
