"""Pure domain: standard library, shapely and pyproj only (no Flask, SQLModel, folium, WTForms).

`tests/domain/test_purity.py` enforces this by reading the imports of every module here.
"""
