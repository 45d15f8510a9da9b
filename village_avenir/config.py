"""Configuration: defaults, then environment variables, then the test config.

Environment variables:
- ``DATABASE_URL``: SQLAlchemy URL; default SQLite file ``instance/village_avenir.sqlite3``.
  PostgreSQL: ``postgresql+psycopg://user:password@host/dbname``.
- ``VILLAGE_AVENIR_SECRET_KEY``: session signing key (required outside development).
- ``VILLAGE_AVENIR_REGLES``: path of the eligibility rules file.
- ``VILLAGE_AVENIR_TUILES_URL`` and ``VILLAGE_AVENIR_TUILES_ATTRIBUTION``: optional base tile
  layer of the maps (e.g. an internal tile server ``https://tuiles.lot.fr/{z}/{x}/{y}.png``);
  none by default, so the maps work on a closed network.
- ``VILLAGE_AVENIR_CARTE_TOLERANCE`` (degrees, default 0.006) and
  ``VILLAGE_AVENIR_CARTE_DECIMALES`` (default 4): simplification of the geometry sent to the
  browser (display only; the stored geometry stays exact).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"


def load(instance_path: str) -> dict:
    """Return the configuration mapping read from the environment."""
    default_db = "sqlite:///" + str(Path(instance_path) / "village_avenir.sqlite3")
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        # A random key per process is fine for a development server; production sets one.
        "SECRET_KEY": os.environ.get("VILLAGE_AVENIR_SECRET_KEY") or secrets.token_hex(32),
        "REGLES_ELIGIBILITE": os.environ.get(
            "VILLAGE_AVENIR_REGLES", str(DATA_DIR / "parametres" / "eligibilite.toml")
        ),
        "COMMUNES_DIR": str(DATA_DIR / "communes"),
        "DEPARTEMENT": os.environ.get("VILLAGE_AVENIR_DEPARTEMENT", "46"),
        "CARTE_TUILES_URL": os.environ.get("VILLAGE_AVENIR_TUILES_URL") or None,
        "CARTE_TUILES_ATTRIBUTION": os.environ.get("VILLAGE_AVENIR_TUILES_ATTRIBUTION") or None,
        "CARTE_TOLERANCE": float(os.environ.get("VILLAGE_AVENIR_CARTE_TOLERANCE", "0.006")),
        "CARTE_DECIMALES": int(os.environ.get("VILLAGE_AVENIR_CARTE_DECIMALES", "4")),
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        "JSON_SORT_KEYS": False,
    }
