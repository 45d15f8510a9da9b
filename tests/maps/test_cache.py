"""The map cache: one LRU per app, apart from the public sheets' cache."""

from flask import Flask

from village_avenir.lru import LRUCache
from village_avenir.maps.cache import map_cache
from village_avenir.views.fiche_cache import page_cache


def test_one_map_cache_per_app_apart_from_the_sheets():
    one, other = Flask("one"), Flask("other")
    cache = map_cache(one)
    assert isinstance(cache, LRUCache) and cache.size == 64
    assert map_cache(one) is cache and map_cache(other) is not cache
    assert page_cache(one) is not cache and page_cache(one).size == 1024
    with one.app_context():
        assert map_cache() is cache  # the current app's by default
