"""Light on the wire (issue 17): Brotli and gzip answers, PDFs left alone, the cached sheet
compressed once, fingerprinted static URLs cached for good, HTML revalidated."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re

import brotli
import pytest

from tests.pdfs import minimal_pdf
from tests.web.conftest import COMPLETE, logged, post_dossier
from village_avenir import config
from village_avenir.views.fiche_cache import page_cache
from village_avenir.web import compression
from village_avenir.web.static_urls import IMMUTABLE

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}
STYLE = config.ROOT / "static" / "style.css"


def _get(client, url: str, encoding: str | None = None):
    return client.get(url, headers={"Accept-Encoding": encoding} if encoding else {})


def _decoded(resp) -> bytes:
    encoding = resp.headers.get("Content-Encoding")
    return DECODE[encoding](resp.data) if encoding else resp.data


def _static_url(client, page: str, name: str) -> str:
    html = _get(client, page).get_data(as_text=True)
    match = re.search(rf'(?:href|src)="([^"]*{re.escape(name)}\?v=[0-9a-f]{{12}})"', html)
    assert match, f"pas d'adresse empreinte pour {name} dans {page}"
    return match.group(1)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_page_geojson_and_static_file_are_compressed(client, encoding):
    """The list page, the map's GeoJSON export and the stylesheet, each in both encodings."""
    style = _static_url(client, "/communes", "style.css")
    for url in ("/communes", "/carte/communes.geojson", style):
        plain = _get(client, url)
        packed = _get(client, url, f"{encoding}, deflate")
        assert packed.status_code == plain.status_code == 200, url
        assert packed.headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in packed.headers["Vary"], url
        assert "Content-Encoding" not in plain.headers, url
        assert len(packed.data) * 2 < len(plain.data), url
        body = _decoded(packed)
        if url == "/communes":
            assert body.lower().startswith(b"<!doctype")
            assert "Albas" in body.decode()
        elif url.endswith(".geojson"):
            assert json.loads(body) == json.loads(plain.data)
        else:
            assert body == plain.data == STYLE.read_bytes()


def test_client_without_compression_gets_plain_bytes(client):
    for accept in (None, "identity", "compress"):
        resp = _get(client, "/carte", accept)
        assert resp.status_code == 200 and "Content-Encoding" not in resp.headers, accept
        assert resp.data.lstrip().lower().startswith(b"<!doctype")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("br;q=0", None),
        ("gzip, br;q=0", "gzip"),
        ("br;q=0.0, gzip;q=0", None),
        ("br;q=0.5, gzip;q=0.8", "gzip"),
        ("gzip;q=0, br", "br"),
    ],
)
def test_a_coding_the_client_refuses_is_never_used(client, accept, expected):
    resp = _get(client, "/carte", accept)
    assert resp.status_code == 200
    assert resp.headers.get("Content-Encoding") == expected, accept


@pytest.mark.parametrize(
    ("header", "kept"),
    [
        ("br;q=0", ""),
        ("gzip, br;q=0", "gzip"),
        ("br;q=0.000, gzip", "gzip"),
        ("br;q=0.01, gzip", "br;q=0.01, gzip"),
        ("br; q = 0 , deflate", "deflate"),
        ("", ""),
    ],
)
def test_without_refused_drops_only_q_zero(header, kept):
    assert compression.without_refused(header) == kept


def test_uploaded_pdf_is_not_recompressed(cand_app):
    """A PDF is already compressed: sent as deposited, even to a client that accepts br."""
    app, ids = cand_app
    client = logged(app, "commune")
    big = minimal_pdf(title=" texte compressible" * 200)  # a real PDF (pypdf opens uploads)
    resp = post_dossier(
        client,
        ids["commune"],
        COMPLETE,
        action="deposer",
        files={"deliberation": (io.BytesIO(big), "d.pdf")},
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    for accept in ("br", "gzip", "gzip, deflate, br"):
        pdf = _get(client, f"/candidatures/{ids['commune']}/deliberation", accept)
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert "Content-Encoding" not in pdf.headers and pdf.data == big


def test_cached_sheet_keeps_its_compressed_bytes(users_app, monkeypatch):
    """The public sheet is compressed once per encoding, then served from the cache."""
    calls = []
    real = compression._compress
    monkeypatch.setattr(
        compression, "_compress", lambda data, algo: calls.append(algo) or real(data, algo)
    )
    client = users_app.test_client()
    with users_app.app_context():
        page_cache().clear()
    first = _get(client, "/communes/46001", "gzip, deflate, br")
    again = _get(client, "/communes/46001", "gzip, deflate, br")
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "br"
    assert first.data == again.data and calls == ["br"]
    assert "Accept-Encoding" in again.headers["Vary"]
    old = _get(client, "/communes/46001", "gzip")
    plain = _get(client, "/communes/46001")
    assert calls == ["br", "gzip"] and "Content-Encoding" not in plain.headers
    assert _decoded(again) == _decoded(old) == plain.data
    assert "Éligible" in plain.get_data(as_text=True)
    with users_app.app_context():
        assert (page_cache().hits, page_cache().misses) == (3, 1)


def test_static_urls_carry_the_hash_and_are_cached_for_good(client):
    style = _static_url(client, "/communes", "style.css")
    assert style.endswith("?v=" + hashlib.sha256(STYLE.read_bytes()).hexdigest()[:12])
    leaflet = _static_url(client, "/carte", "/vendor/leaflet/leaflet.js")
    for url in (style, leaflet):
        resp = _get(client, url, "br")
        assert resp.status_code == 200 and resp.headers["Cache-Control"] == IMMUTABLE, url
        # The same file whoever asks: a new session cookie must not re-validate it.
        assert resp.headers["Vary"] == "Accept-Encoding", url
    # Without the hash, or with a stale one, the file is revalidated as before.
    for url in ("/static/style.css", "/static/style.css?v=000000000000"):
        resp = _get(client, url)
        assert resp.status_code == 200 and "immutable" not in resp.headers["Cache-Control"]


def test_compressed_static_files_still_answer_304(client):
    """Revalidation works on the compressed forms (their ETag names the encoding)."""
    for url in ("/static/style.css", "/vendor/leaflet/leaflet.css"):
        first = _get(client, url, "br")
        assert first.headers["Content-Encoding"] == "br" and first.headers["ETag"].endswith(':br"')
        again = client.get(
            url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 304 and again.data == b"", url


def test_html_stays_revalidated(client):
    for url in ("/communes", "/carte", "/communes/46001", "/carte/tableau"):
        resp = _get(client, url, "br")
        assert resp.status_code == 200, url
        cache_control = resp.headers.get("Cache-Control", "")
        assert "immutable" not in cache_control and "max-age" not in cache_control, url


def test_compression_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("VILLAGE_AVENIR_COMPRESSION", "0")
    assert config.load(str(tmp_path))["COMPRESSION"] is False
    monkeypatch.delenv("VILLAGE_AVENIR_COMPRESSION")
    assert config.load(str(tmp_path))["COMPRESSION"] is True
    quiet = _make_without_compression(tmp_path)
    resp = _get(quiet.test_client(), "/static/style.css", "br")
    assert resp.status_code == 200 and "Content-Encoding" not in resp.headers
    assert resp.data == STYLE.read_bytes()
    page = compression.PrecompressedPage(STYLE.read_bytes(), "text/css")
    with quiet.test_request_context(headers={"Accept-Encoding": "br"}):
        assert "Content-Encoding" not in page.response().headers


def _make_without_compression(tmp_path):
    from village_avenir import create_app

    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'sans.sqlite3'}",
            "SECRET_KEY": "test",
            "COMPRESSION": False,
        }
    )
