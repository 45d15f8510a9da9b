"""HTTP compression of the answers (issue 17): Brotli or gzip, as the client accepts.

Flask-Compress does the work for every answer: HTML, JSON, GeoJSON, CSV, JavaScript, CSS
and SVG, above 500 bytes, with ``Vary: Accept-Encoding``. PDFs, ZIP archives and images
(PNG, JPEG) are already compressed and are never in its list: they leave as they are.
Static files (sent as streams) are compressed on the fly, in Brotli or gzip too.

Pages kept by an in-process cache (the public commune sheet, ``views/fiche_cache.py``) are
stored as :class:`PrecompressedPage`: each encoding is computed once, at a higher level than
the per-request one, and served as is afterwards (Flask-Compress leaves an answer that already
has a ``Content-Encoding`` alone, but still adds ``Vary``).

BREACH (issue 25, L2): a compressed answer that carries a secret (the CSRF token) and also
reflects what the visitor sent lets an attacker who can watch the sizes of the encrypted
answers guess the secret one character at a time. Such answers are sent uncompressed
(``_breach_guard``): an HTML answer during which a CSRF token was issued, to a request with
a query string (``/communes?q=…``) or a body (a form sent back with its errors). The other
answers — static files, maps, GeoJSON, CSV, the pages without a query — stay compressed.
Chosen over masking the token per response because it does not touch the CSRF library's
internals and leaves no page in doubt; the price is a few uncompressed search pages.

``VILLAGE_AVENIR_COMPRESSION=0`` turns compression off, for a reverse proxy that compresses
itself (see the README, « Mise en production ») and for the benchmark's « without » column.
"""

from __future__ import annotations

import gzip
import re
import threading

import brotli
from flask import Flask, Response, current_app, g, request
from flask_compress import Compress

__all__ = [
    "ALGORITHMS",
    "MIMETYPES",
    "PrecompressedPage",
    "enabled",
    "init_app",
    "reflects_input_with_secret",
]

# Preference order when the client accepts both equally (every current browser does).
ALGORITHMS = ["br", "gzip"]
MIMETYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "application/problem+json",
    "application/xml",
    "image/svg+xml",
]
MIN_SIZE = 500
# Levels for pages compressed once and kept (cost paid once, every later visitor gains).
CACHED_GZIP_LEVEL = 9
CACHED_BROTLI_QUALITY = 9


def init_app(app: Flask) -> None:
    """Register Flask-Compress unless ``COMPRESSION`` is off."""
    if not app.config.get("COMPRESSION", True):
        return
    app.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    # Flask-Compress leaves gzip out of streamed answers by default; static files are
    # streams and some clients (old proxies, scripts) only speak gzip.
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ALGORITHMS)
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_SIZE)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    # Conditional requests (ETag, 304) stay answered for the streamed static files.
    app.config.setdefault("COMPRESS_STREAMING_ENDPOINT_CONDITIONAL", ["static", "assets.leaflet"])
    app.before_request(_drop_refused_encodings)
    Compress(app)
    # Registered after Compress: Flask runs after_request functions in reverse order, so
    # this one sees the answer before Flask-Compress does.
    app.after_request(_breach_guard)


def reflects_input_with_secret(response) -> bool:
    """True for an HTML answer that carries a CSRF token (one was issued during the
    request, ``g.csrf_token``) to a request that sent input (a query string or a body)."""
    if response.mimetype != "text/html" or "csrf_token" not in g:
        return False
    return bool(request.query_string) or request.method not in ("GET", "HEAD")


def _breach_guard(response):
    """Keep Flask-Compress from compressing the answers of ``reflects_input_with_secret``:
    it reads the request's ``Accept-Encoding`` after this, and finds none."""
    if reflects_input_with_secret(response):
        request.environ["HTTP_ACCEPT_ENCODING"] = ""
    return response


_REFUSED = re.compile(r"\s*q\s*=\s*0(?:\.0{0,3})?\s*")


def without_refused(accept_encoding: str) -> str:
    """``Accept-Encoding`` without the codings the client refuses (``br;q=0``): Flask-Compress
    would pick a refused coding when it is the only one named."""
    kept = [
        part.strip()
        for part in accept_encoding.split(",")
        if part.strip() and not any(_REFUSED.fullmatch(p) for p in part.split(";")[1:])
    ]
    return ", ".join(kept)


def _drop_refused_encodings() -> None:
    header = request.environ.get("HTTP_ACCEPT_ENCODING", "")
    if "q" in header:
        request.environ["HTTP_ACCEPT_ENCODING"] = without_refused(header)


def enabled(app: Flask | None = None) -> bool:
    return bool((app or current_app).config.get("COMPRESSION", True))


def _compress(data: bytes, algorithm: str) -> bytes:
    if algorithm == "br":
        return brotli.compress(data, quality=CACHED_BROTLI_QUALITY)
    return gzip.compress(data, compresslevel=CACHED_GZIP_LEVEL, mtime=0)


class PrecompressedPage:
    """A rendered page kept with its compressed forms, each computed on first demand.

    Immutable from the outside: ``body`` never changes, the encodings only get added (a race
    between two threads computes the same bytes twice, harmlessly).
    """

    __slots__ = ("body", "mimetype", "_encoded", "_lock")

    def __init__(self, body: str | bytes, mimetype: str = "text/html"):
        self.body = body.encode() if isinstance(body, str) else body
        self.mimetype = mimetype
        self._encoded: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def encoded(self, algorithm: str) -> bytes:
        """The body compressed with ``algorithm`` (``br`` or ``gzip``), computed once."""
        data = self._encoded.get(algorithm)
        if data is None:
            data = _compress(self.body, algorithm)
            with self._lock:
                self._encoded.setdefault(algorithm, data)
        return data

    def response(self) -> Response:
        """The answer for the current request: compressed when the client accepts it."""
        resp = Response(self.body, mimetype=self.mimetype)
        if not enabled() or len(self.body) < MIN_SIZE:
            return resp
        algorithm = request.accept_encodings.best_match(ALGORITHMS)
        if algorithm:
            resp.set_data(self.encoded(algorithm))
            resp.headers["Content-Encoding"] = algorithm
        return resp
