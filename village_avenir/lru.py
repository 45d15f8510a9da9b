"""A small thread-safe, in-process LRU cache with hit and miss counters.

Three caches of the app use it, each kept in ``app.extensions`` under its own key: the built
maps (``maps/cache.py``), the public commune sheet (``views/fiche_cache.py``) and the PDF of
a frozen committee pack (``views/commission/seance.py``). Their keys include a data version
or a content hash, so a write anywhere makes the next request rebuild and old versions fall
out of the LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import Flask, current_app

__all__ = ["LRUCache", "app_cache"]

T = TypeVar("T")


class LRUCache:
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


def app_cache(key: str, size: int, app: Flask | None = None) -> LRUCache:
    """The cache of ``app`` (default: the current one) stored under ``key``, created with
    ``size`` entries on first use."""
    app = app or current_app
    return app.extensions.setdefault(key, LRUCache(size))
