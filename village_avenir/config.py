"""Configuration: defaults, then environment variables, then the test config.

Environment variables:
- ``DATABASE_URL``: SQLAlchemy URL; default SQLite file ``instance/village_avenir.sqlite3``.
  PostgreSQL: ``postgresql+psycopg://user:password@host/dbname``.
- ``VILLAGE_AVENIR_SECRET_KEY``: session signing key, at least 32 characters, required
  outside development (``python -c "import secrets; print(secrets.token_hex(32))"``).
- ``VILLAGE_AVENIR_ENV``: ``developpement`` (set by ``make run``) allows a missing key (a random
  one per process) and plain-HTTP cookies; also allowed in debug and testing.
- ``VILLAGE_AVENIR_PROXY``: ``1`` behind one reverse proxy (nginx) that sets
  ``X-Forwarded-For`` and ``X-Forwarded-Proto`` (see ``http.py``).
- ``VILLAGE_AVENIR_REGLES``: path of the eligibility rules file (config key
  ``REGLES_ELIGIBILITE``; the other parameter files' keys: see ``parametres.py``).
- ``VILLAGE_AVENIR_DEPARTEMENT``: the département ``flask init-db`` loads into an empty
  database (default ``46``; its files must exist in ``data/communes/``).
- ``VILLAGE_AVENIR_PIECES``: directory of uploaded documents (default ``instance/pieces``,
  outside ``static``: files are served only to authorised users).
- ``VILLAGE_AVENIR_COOKIE_SECURE``: ``1``/``0`` forces the ``Secure`` flag of the session
  cookies; by default it is on, except in development, debug and testing (plain HTTP).
- ``VILLAGE_AVENIR_ECRITURES_PAR_MINUTE``: journaled changes one account may make per
  minute (default 60; see ``limites.py``).
- ``VILLAGE_AVENIR_TUILES_URL`` and ``VILLAGE_AVENIR_TUILES_ATTRIBUTION``: optional base tile
  layer of the maps (e.g. an internal tile server ``https://tuiles.lot.fr/{z}/{x}/{y}.png``);
  none by default, so the maps work on a closed network.
- ``VILLAGE_AVENIR_CARTE_TOLERANCE`` (degrees, default 0.006) and
  ``VILLAGE_AVENIR_CARTE_DECIMALES`` (default 4): simplification of the geometry sent to the
  browser (display only; the stored geometry stays exact).
- E-mail (see ``services/courriels/envoi.py`` and the README): ``VILLAGE_AVENIR_SMTP_HOTE`` (none: the
  messages stay in the outbox, readable at /admin/courriels), ``VILLAGE_AVENIR_SMTP_PORT``
  (default 587, 465 with ``tls``, 25 with ``aucune``), ``VILLAGE_AVENIR_SMTP_SECURITE``
  (``starttls`` by default, ``tls``, or ``aucune`` for a relay on the same machine),
  ``VILLAGE_AVENIR_SMTP_AUTORITE`` (a PEM file of the certificate authority that signed an
  internal relay's certificate, trusted besides the system's; default: the system's only),
  ``VILLAGE_AVENIR_SMTP_UTILISATEUR``, ``VILLAGE_AVENIR_SMTP_MOT_DE_PASSE``,
  ``VILLAGE_AVENIR_COURRIEL_EXPEDITEUR`` (From address, required with a server),
  ``VILLAGE_AVENIR_URL_PUBLIQUE`` (base of every link in the messages, e.g.
  ``https://village-avenir.lot.fr``; required outside development, where it defaults to
  ``http://127.0.0.1:5000``, the development server: never the request's host, see
  ``url_publique`` and ``liens.py``),
  ``VILLAGE_AVENIR_COURRIEL_RELANCE_SECONDES`` (first retry delay, doubled each time, default
  60) and ``VILLAGE_AVENIR_COURRIEL_ESSAIS_MAX`` (default 8).
- ``VILLAGE_AVENIR_HSTS_SECONDES``: ``max-age`` of the ``Strict-Transport-Security`` header
  sent outside development (default 31536000, one year; ``0`` turns it off, see ``http.py``).
- ``VILLAGE_AVENIR_COMPRESSION``: ``0`` turns off the compression of the answers (Brotli,
  gzip; on by default), for a reverse proxy that compresses them itself (``compression.py``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import click

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"


def _flag(value: str | None) -> bool | None:
    if value is None or value.strip() == "":
        return None
    return value.strip().lower() in {"1", "true", "oui", "yes"}


# WMTS tiles of Plan IGN v2 (Web Mercator, « PM » matrix set), as an XYZ template.
PLAN_IGN_URL = (
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM"
    "&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
)
MIN_SECRET_KEY = 32
GENERATE_KEY = 'python -c "import secrets; print(secrets.token_hex(32))"'


class ConfigurationInvalide(click.ClickException):
    """The app cannot start with this configuration (a ClickException: the ``flask``
    commands print the message alone, without a traceback)."""


def is_development(app_config: dict, debug: bool) -> bool:
    """Development server, debug or tests: relaxed secret key and cookie rules."""
    return bool(debug or app_config.get("TESTING") or app_config.get("DEVELOPPEMENT"))


def cookie_secure(app_config: dict, debug: bool) -> bool:
    """Secure cookies unless explicitly disabled, or in development when not forced."""
    forced = app_config.get("COOKIE_SECURE")
    if forced is not None:
        return bool(forced)
    return not is_development(app_config, debug)


def secret_key(app_config: dict, debug: bool) -> str:
    """The configured key; a random one in development; refuses a missing or weak key."""
    key = app_config.get("SECRET_KEY") or ""
    if is_development(app_config, debug):
        return key or secrets.token_hex(32)
    if not key:
        raise ConfigurationInvalide(
            "VILLAGE_AVENIR_SECRET_KEY n'est pas définie : elle est obligatoire hors "
            "développement (elle signe les sessions). Générez-en une avec "
            f"« {GENERATE_KEY} » et placez-la dans l'environnement du service."
        )
    if len(key) < MIN_SECRET_KEY:
        raise ConfigurationInvalide(
            f"VILLAGE_AVENIR_SECRET_KEY est trop courte ({len(key)} caractères, minimum "
            f"{MIN_SECRET_KEY}) : générez-en une avec « {GENERATE_KEY} »."
        )
    return key


URL_PUBLIQUE_DEVELOPPEMENT = "http://127.0.0.1:5000"  # `make run` sets its own port


def url_publique(app_config: dict, debug: bool) -> str:
    """The base of the e-mail links, without a trailing slash: ``URL_PUBLIQUE``, or the
    development server's address in development. Never taken from a request (a forged
    ``Host`` would otherwise choose where a password-reset link leads). Refuses a missing
    address outside development, and one that is not ``http(s)://host[/path]``."""
    url = (app_config.get("URL_PUBLIQUE") or "").strip()
    if not url:
        if is_development(app_config, debug):
            return URL_PUBLIQUE_DEVELOPPEMENT
        raise ConfigurationInvalide(
            "VILLAGE_AVENIR_URL_PUBLIQUE n'est pas définie : elle est obligatoire hors "
            "développement. C'est l'adresse du site telle que les destinataires des courriels "
            "la connaissent (par exemple https://village-avenir.lot.fr) : tous les liens des "
            "courriels, dont ceux de nouveau mot de passe, en partent, jamais de l'adresse "
            "demandée par un visiteur. Placez-la dans l'environnement du service."
        )
    parts = urlsplit(url)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or "@" in parts.netloc
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in url)
    ):
        raise ConfigurationInvalide(
            f"VILLAGE_AVENIR_URL_PUBLIQUE « {url} » : l'adresse publique doit commencer par "
            "https:// (ou http://) suivi du nom du site, éventuellement d'un chemin, sans « ? » "
            "ni « # » — par exemple https://village-avenir.lot.fr."
        )
    return url.rstrip("/")


def load(instance_path: str) -> dict:
    """Return the configuration mapping read from the environment."""
    default_db = "sqlite:///" + str(Path(instance_path) / "village_avenir.sqlite3")
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        # Required outside development: checked by create_app (see secret_key).
        "SECRET_KEY": os.environ.get("VILLAGE_AVENIR_SECRET_KEY") or None,
        "DEVELOPPEMENT": os.environ.get("VILLAGE_AVENIR_ENV", "").strip().lower()
        in {"developpement", "développement"},
        "PROXY": bool(_flag(os.environ.get("VILLAGE_AVENIR_PROXY"))),
        "REGLES_ELIGIBILITE": os.environ.get(
            "VILLAGE_AVENIR_REGLES", str(DATA_DIR / "parametres" / "eligibilite.toml")
        ),
        "COMMUNES_DIR": str(DATA_DIR / "communes"),
        "INDICATEURS_DIR": str(DATA_DIR / "indicateurs"),
        "DEPARTEMENT": os.environ.get("VILLAGE_AVENIR_DEPARTEMENT", "46"),
        "PARAMETRES_CANDIDATURE": str(DATA_DIR / "parametres" / "candidature.toml"),
        "PIECES_DIR": os.environ.get("VILLAGE_AVENIR_PIECES", str(Path(instance_path) / "pieces")),
        # Requests above this are refused (413); the deliberation's own limit is lower (see
        # data/parametres/candidature.toml) so that a too-large PDF gets a message and the
        # rest of the draft is still saved.
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        # WTForms' own French messages (see forms/base.py), not Flask-Babel's.
        "WTF_I18N_ENABLED": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "COOKIE_SECURE": _flag(os.environ.get("VILLAGE_AVENIR_COOKIE_SECURE")),
        # Login throttling (services/comptes/connexions.py): growing delays per (account, origin)
        # pair, never a lock. Failures are remembered over the window.
        "CONNEXION_FENETRE_HEURES": 24,
        "CONNEXION_ESSAIS_LIBRES": 3,
        "CONNEXION_DELAI_BASE": 5,  # seconds, doubled with each further failure
        "CONNEXION_DELAI_MAX": 15 * 60,
        # Over every account, from one address: a ceiling 100 times the pair's, so that a
        # Département office or a town hall behind one address is not slowed by its own
        # typing mistakes (issue 25, L3); a trusted device never meets it.
        "CONNEXION_ESSAIS_LIBRES_IP": 300,
        "CONNEXION_DELAI_MAX_IP": 60,
        "APPAREIL_JOURS": 180,  # life of the trusted-device cookie
        # Journaled changes per account per minute (limites.py); more get a 429.
        "ECRITURES_PAR_MINUTE": int(os.environ.get("VILLAGE_AVENIR_ECRITURES_PAR_MINUTE", "60")),
        "CARTE_TUILES_URL": os.environ.get("VILLAGE_AVENIR_TUILES_URL") or None,
        "CARTE_TUILES_ATTRIBUTION": os.environ.get("VILLAGE_AVENIR_TUILES_ATTRIBUTION") or None,
        # Base map of the plan maps: IGN's Plan IGN v2 from the Géoplateforme (public, no key),
        # on by default; VILLAGE_AVENIR_FOND_PLAN=0 turns it off on a closed network.
        "CARTE_PLAN_FOND": _flag(os.environ.get("VILLAGE_AVENIR_FOND_PLAN")) is not False,
        "CARTE_PLAN_FOND_URL": os.environ.get("VILLAGE_AVENIR_FOND_PLAN_URL") or PLAN_IGN_URL,
        "CARTE_PLAN_FOND_ATTRIBUTION": os.environ.get("VILLAGE_AVENIR_FOND_PLAN_ATTRIBUTION")
        or "Fond de carte : Plan IGN v2 © IGN – Géoplateforme",
        "CARTE_TOLERANCE": float(os.environ.get("VILLAGE_AVENIR_CARTE_TOLERANCE", "0.006")),
        "CARTE_DECIMALES": int(os.environ.get("VILLAGE_AVENIR_CARTE_DECIMALES", "4")),
        "JSON_SORT_KEYS": False,
        "SMTP_HOTE": os.environ.get("VILLAGE_AVENIR_SMTP_HOTE") or None,
        "SMTP_PORT": os.environ.get("VILLAGE_AVENIR_SMTP_PORT") or None,
        "SMTP_SECURITE": os.environ.get("VILLAGE_AVENIR_SMTP_SECURITE") or "starttls",
        "SMTP_AUTORITE": os.environ.get("VILLAGE_AVENIR_SMTP_AUTORITE") or None,
        "SMTP_UTILISATEUR": os.environ.get("VILLAGE_AVENIR_SMTP_UTILISATEUR") or None,
        "SMTP_MOT_DE_PASSE": os.environ.get("VILLAGE_AVENIR_SMTP_MOT_DE_PASSE") or None,
        "COURRIEL_EXPEDITEUR": os.environ.get("VILLAGE_AVENIR_COURRIEL_EXPEDITEUR") or None,
        "URL_PUBLIQUE": os.environ.get("VILLAGE_AVENIR_URL_PUBLIQUE") or None,
        "COURRIEL_RELANCE_SECONDES": float(
            os.environ.get("VILLAGE_AVENIR_COURRIEL_RELANCE_SECONDES", "60")
        ),
        "COURRIEL_ESSAIS_MAX": int(os.environ.get("VILLAGE_AVENIR_COURRIEL_ESSAIS_MAX", "8")),
        "COURRIEL_VERROU_SECONDES": float(
            os.environ.get("VILLAGE_AVENIR_COURRIEL_VERROU_SECONDES", "300")
        ),
        # Password reset links: minutes of validity.
        "REINITIALISATION_MINUTES": 60,
        # Strict-Transport-Security outside development (http.py): one year; 0 turns it off.
        "HSTS_SECONDES": int(os.environ.get("VILLAGE_AVENIR_HSTS_SECONDES", "31536000")),
        "COMPRESSION": _flag(os.environ.get("VILLAGE_AVENIR_COMPRESSION")) is not False,
        # Who answers questions on personal data and accessibility (footer pages).
        "CONTACT_DONNEES": os.environ.get("VILLAGE_AVENIR_CONTACT_DONNEES")
        or "le délégué à la protection des données du Département du Lot, Hôtel du Département, "
        "avenue de l'Europe, 46000 Cahors",
    }
