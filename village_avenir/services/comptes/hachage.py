"""Password hashing with the method the configuration names (``HACHAGE_MOT_DE_PASSE``).

Production always uses werkzeug's default, scrypt (about 100 ms per hash and per check, on
purpose). The test configuration may name a cheap method (``pbkdf2:sha256:1``) so that the
suite does not spend most of its time hashing; ``check_production_method`` refuses such a
method outside tests (``create_app`` calls it), so a deployment can never run with it.

The two functions keep werkzeug's names so that every caller hashes the same way.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash as _werkzeug_hash

from ...config import ConfigurationInvalide

__all__ = [
    "DEFAULT_METHOD",
    "check_password_hash",
    "check_production_method",
    "configured_method",
    "generate_password_hash",
]

DEFAULT_METHOD = "scrypt"
# Methods accepted outside tests: werkzeug's scrypt, or pbkdf2 with at least this many rounds.
MIN_PBKDF2_ROUNDS = 600_000


def configured_method() -> str:
    if has_app_context():
        return current_app.config.get("HACHAGE_MOT_DE_PASSE") or DEFAULT_METHOD
    return DEFAULT_METHOD


def generate_password_hash(password: str) -> str:
    """Hash ``password`` with the configured method (scrypt unless the tests say otherwise)."""
    return _werkzeug_hash(password, method=configured_method())


def _strong(method: str) -> bool:
    name, _, rest = method.partition(":")
    if name == "scrypt":
        return True
    if name == "pbkdf2":
        rounds = rest.partition(":")[2]
        return rounds.isdigit() and int(rounds) >= MIN_PBKDF2_ROUNDS
    return False


def check_production_method(config: dict) -> None:
    """Refuse a weak hashing method unless the app runs its tests (``TESTING``)."""
    method = config.get("HACHAGE_MOT_DE_PASSE") or DEFAULT_METHOD
    if config.get("TESTING") or _strong(method):
        return
    raise ConfigurationInvalide(
        f"Méthode de hachage des mots de passe trop faible (« {method} ») : elle n'est "
        "permise que pour les tests. Retirez HACHAGE_MOT_DE_PASSE de la configuration."
    )
