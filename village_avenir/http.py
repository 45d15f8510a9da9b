"""HTTP-level settings shared by every route: bounded integer URLs and safety headers.

- ``<int:…>`` URL parts are capped at 2³¹−1: a larger id is simply « not found » (404),
  where SQLite would raise an overflow error.
- Every response forbids framing (clickjacking of the state-changing buttons) and MIME
  sniffing, and sends no referrer to other sites. The full Content-Security-Policy is
  part of the hardening issue.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Call before registering blueprints (converters are bound when rules are added)."""
    app.url_map.converters["int"] = BoundedIntConverter

    @app.after_request
    def _safety_headers(response):
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
