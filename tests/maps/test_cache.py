"""The map cache: hits, misses, LRU eviction."""

from village_avenir.maps.cache import MapCache


def test_builds_once_per_key_and_evicts_the_least_recently_used():
    cache = MapCache(size=2)
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
