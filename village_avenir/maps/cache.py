"""A small in-process cache of built maps, keyed by (map, layer, filters, data version), and
of rendered public pages (the commune sheet as anonymous visitors see it).

The data version (:func:`.data.data_version`) is part of the key, so a write anywhere makes
the next request rebuild; old versions fall out of the LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import Flask, current_app

__all__ = ["MapCache", "map_cache", "page_cache"]

T = TypeVar("T")
_KEY = "village_avenir.map_cache"
_PAGES_KEY = "village_avenir.page_cache"


class MapCache:
    """Thread-safe LRU of built values, with hit and miss counters (for tests and bench)."""

    def __init__(self, size: int = 64):
        self.size = size
        self.hits = 0
        self.misses = 0
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The cached value of ``key``, built (outside the lock: a slow build must not block
        cache hits) and kept when missing. Built values must not be None."""
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value  # type: ignore[return-value]

    def get(self, key: Hashable) -> object | None:
        """The cached value of ``key`` (counted as a hit), or None (not counted)."""
        with self._lock:
            if key not in self._data:
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return self._data[key]

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self.misses += 1
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)


def map_cache(app: Flask | None = None) -> MapCache:
    """The app's map cache (created on first use)."""
    app = app or current_app
    return app.extensions.setdefault(_KEY, MapCache())


def page_cache(app: Flask | None = None) -> MapCache:
    """The app's cache of rendered public pages (one commune sheet per entry)."""
    app = app or current_app
    return app.extensions.setdefault(_PAGES_KEY, MapCache(size=1024))
