"""A small in-process cache of built maps, keyed by (map, layer, filters, data version).

The data version (:func:`.data.data_version`) is part of the key, so a write anywhere makes
the next request rebuild; old versions fall out of the LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import Flask, current_app

__all__ = ["MapCache", "map_cache"]

T = TypeVar("T")
_KEY = "village_avenir.map_cache"


class MapCache:
    """Thread-safe LRU of built values, with hit and miss counters (for tests and bench)."""

    def __init__(self, size: int = 64):
        self.size = size
        self.hits = 0
        self.misses = 0
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]  # type: ignore[return-value]
        value = build()  # outside the lock: a slow build must not block cache hits
        with self._lock:
            self.misses += 1
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

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
