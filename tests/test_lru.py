"""The LRU cache of maps and public sheets: hits, misses, LRU eviction."""

from flask import Flask

from village_avenir.lru import LRUCache, app_cache


def test_builds_once_per_key_and_evicts_the_least_recently_used():
    cache = LRUCache(size=2)
    built = []

    def build(value):
        built.append(value)
        return value

    assert cache.get_or_build("a", lambda: build(1)) == 1
    assert cache.get_or_build("a", lambda: build(99)) == 1  # cached: not rebuilt
    cache.get_or_build("b", lambda: build(2))
    cache.get_or_build("a", lambda: build(99))  # "a" becomes the most recent
    cache.get_or_build("c", lambda: build(3))  # evicts "b"
    assert len(cache) == 2
    assert cache.get_or_build("b", lambda: build(22)) == 22
    assert built == [1, 2, 3, 22]
    assert (cache.hits, cache.misses) == (2, 4)
    cache.clear()
    assert len(cache) == 0 and cache.hits == cache.misses == 0


def test_get_counts_hits_only_and_put_counts_misses():
    cache = LRUCache(size=1)
    assert cache.get("a") is None and (cache.hits, cache.misses) == (0, 0)
    cache.put("a", 1)
    assert cache.get("a") == 1 and (cache.hits, cache.misses) == (1, 1)
    cache.put("b", 2)  # size 1: "a" goes
    assert cache.get("a") is None and len(cache) == 1


def test_app_cache_is_kept_per_app_and_key():
    app = Flask("t")
    first = app_cache("k", 3, app)
    assert first.size == 3 and app_cache("k", 99, app) is first
    assert app_cache("autre", 3, app) is not first
    assert app_cache("k", 3, Flask("u")) is not first
