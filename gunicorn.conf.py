"""gunicorn settings of ``make serve`` (README, « Mise en production »).

Every setting comes from an environment variable with a default for a small server:
- ``VILLAGE_AVENIR_BIND`` (default ``127.0.0.1:8000``: behind nginx on the same machine);
- ``WEB_CONCURRENCY``: worker processes (default 2 × cores + 1);
- ``VILLAGE_AVENIR_THREADS``: threads per worker (default 4). ``gthread`` workers keep
  HTTP/1.1 connections alive (``VILLAGE_AVENIR_KEEPALIVE`` seconds, default 5) and a slow
  request does not block its worker's other threads;
- ``VILLAGE_AVENIR_TIMEOUT``: seconds before a stuck worker is restarted (default 60).
The app itself reads ``DATABASE_URL``, ``VILLAGE_AVENIR_SECRET_KEY`` etc. (village_avenir/config.py).
"""

from __future__ import annotations

import os
import sys

wsgi_app = "village_avenir.wsgi:app"
bind = [os.environ.get("VILLAGE_AVENIR_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = int(os.environ.get("VILLAGE_AVENIR_THREADS", "4"))
keepalive = int(os.environ.get("VILLAGE_AVENIR_KEEPALIVE", "5"))
timeout = int(os.environ.get("VILLAGE_AVENIR_TIMEOUT", "60"))
graceful_timeout = 30
# gunicorn ≥ 25.1 opens a control socket at one fixed path per user: two instances on one
# machine would collide, and nothing here uses it.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# Requests larger than the app's limit are refused by the app itself (413, French page).
limit_request_line = 8190


def on_starting(server):
    """Check the configuration once in the master, before forking: a missing or weak secret
    key stops gunicorn with the app's French message instead of N worker tracebacks."""
    from village_avenir import config, create_app

    try:
        create_app()
    except config.ConfigurationInvalide as exc:
        print(f"Erreur de configuration : {exc.format_message()}", file=sys.stderr)
        sys.exit(1)
