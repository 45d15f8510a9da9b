"""Benchmark of the Lot département map: sizes and build times, against a naive folium map.

Usage: ``.venv/bin/python scripts/bench_maps.py [--departement 46] [--repetitions 200]``

Prints, for our map (coverage-simplified, rounded geometry; colours sent separately):
bytes of the page HTML, of the map fragment and of the GeoJSON sent to the browser (raw and
gzip), the cold build time and the cached build time; then the same for a naive folium map
of the shipped geometries (``data/communes/<dep>.geojson`` as is, ``folium.GeoJson`` with a
style function and a tooltip), built in the same run, and the ratios. Targets (issue 5):
geometry < 150 KB raw and < 30 KB gzip, at least 4× smaller than naive, cached build < 5 ms.
Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402

from village_avenir import create_app  # noqa: E402
from village_avenir.db import create_schema, get_engine, get_session  # noqa: E402
from village_avenir.maps import colourings as _builtin  # noqa: E402, F401
from village_avenir.maps.cache import map_cache  # noqa: E402
from village_avenir.maps.departement import build_departement_map  # noqa: E402
from village_avenir.maps.layers import colouring  # noqa: E402
from village_avenir.services.referentiel import load_departement  # noqa: E402

KB = 1024


def sizes(text: str) -> tuple[int, int]:
    raw = text.encode("utf-8")
    return len(raw), len(gzip.compress(raw, 6))


def kb(n: int) -> str:
    return f"{n / KB:8.1f} Ko"


def timed(func, repetitions: int = 1) -> tuple[float, object]:
    """Median wall time in ms over ``repetitions`` calls, and the last result."""
    times, result = [], None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def naive_map(geojson_path: Path, statuts: dict[str, str]):
    """What one would write first: the shipped file as is, styled per feature by folium."""
    colours = {"eligible": "#009E73", "non_eligible": "#D55E00", "a_verifier": "#F0E442"}
    data = json.loads(geojson_path.read_text(encoding="utf-8"))
    m = folium.Map(location=[44.6, 1.6], zoom_start=9, tiles=None)
    layer = folium.GeoJson(
        data,
        style_function=lambda f: {
            "fillColor": colours.get(statuts.get(f["properties"]["code_insee"]), "#d9d9d9"),
            "color": "#ffffff",
            "weight": 0.7,
            "fillOpacity": 0.9,
        },
        tooltip=folium.GeoJsonTooltip(fields=["nom", "code_insee"]),
    )
    layer.add_to(m)
    html = m.get_root().render()
    return html, json.dumps(layer.data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departement", default="46")
    parser.add_argument("--repetitions", type=int, default=200)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-cartes-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "SECRET_KEY": "bench",
            "DEVELOPPEMENT": True,  # a benchmark, not a production server
            "DEPARTEMENT": args.departement,
        }
    )
    with app.app_context():
        create_schema(get_engine())
        load_departement(get_session(), args.departement, qui="banc d'essai")
    eligibilite = colouring("eligibilite")

    with app.test_request_context("/carte"):
        session = get_session()
        map_cache().clear()
        cold_ms, dm = timed(lambda: build_departement_map(session, eligibilite))
        cached_ms, _ = timed(lambda: build_departement_map(session, eligibilite), args.repetitions)
        other_ms, _ = timed(lambda: build_departement_map(session, colouring("population")))
        fragment = dm.header + dm.html + dm.script
        statuts = {code: v.value for code, v in dm.classified.values.items()}
        n_communes = len(dm.communes)

    page = app.test_client().get("/carte?couleur=eligibilite").get_data(as_text=True)

    geojson_path = Path(app.config["COMMUNES_DIR"]) / f"{args.departement}.geojson"
    naive_ms, (naive_html, naive_geojson) = timed(lambda: naive_map(geojson_path, statuts))

    geo_raw, geo_gz = sizes(dm.geojson)
    frag_raw, frag_gz = sizes(fragment)
    page_raw, page_gz = sizes(page)
    n_geo_raw, n_geo_gz = sizes(naive_geojson)
    n_html_raw, n_html_gz = sizes(naive_html)

    tol, dec = app.config["CARTE_TOLERANCE"], app.config["CARTE_DECIMALES"]
    print(f"Carte du département {args.departement} : {n_communes} communes")
    print(f"  simplification en couverture : tolérance {tol}°, {dec} décimales\n")
    print(f"{'':34}{'brut':>11}{'gzip':>12}")
    print(f"{'Notre carte — GeoJSON envoyé':34}{kb(geo_raw)}{kb(geo_gz)}")
    print(f"{'Notre carte — fragment carte':34}{kb(frag_raw)}{kb(frag_gz)}")
    print(f"{'Notre carte — page HTML complète':34}{kb(page_raw)}{kb(page_gz)}")
    print(f"{'Carte naïve — GeoJSON':34}{kb(n_geo_raw)}{kb(n_geo_gz)}")
    print(f"{'Carte naïve — HTML':34}{kb(n_html_raw)}{kb(n_html_gz)}")
    print()
    print(
        f"Rapport GeoJSON naïf / nôtre : {n_geo_raw / geo_raw:5.1f}× brut, "
        f"{n_geo_gz / geo_gz:5.1f}× gzip"
    )
    print(
        f"Rapport HTML naïf / fragment : {n_html_raw / frag_raw:5.1f}× brut, "
        f"{n_html_gz / frag_gz:5.1f}× gzip"
    )
    print()
    print(f"Construction à froid (géométrie + coloration) : {cold_ms:8.1f} ms")
    print(f"Autre coloration (géométrie en cache)        : {other_ms:8.1f} ms")
    print(f"Construction en cache (médiane sur {args.repetitions})      : {cached_ms:8.3f} ms")
    print(f"Carte naïve (une construction, sans cache)    : {naive_ms:8.1f} ms")
    print()
    checks = [
        ("GeoJSON < 150 Ko brut", geo_raw < 150 * KB),
        ("GeoJSON < 30 Ko gzip", geo_gz < 30 * KB),
        ("au moins 4× plus léger que la carte naïve (GeoJSON brut)", n_geo_raw >= 4 * geo_raw),
        ("au moins 4× plus léger que la carte naïve (HTML brut)", n_html_raw >= 4 * frag_raw),
        ("construction en cache < 5 ms", cached_ms < 5),
    ]
    for label, ok in checks:
        print(f"  [{'atteint' if ok else 'NON ATTEINT'}] {label}")


if __name__ == "__main__":
    main()
