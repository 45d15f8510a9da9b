"""The password hashing method: cheap in tests only, refused anywhere else."""

from __future__ import annotations

import pytest

from tests.conftest import make_app
from village_avenir import create_app
from village_avenir.config import ConfigurationInvalide
from village_avenir.services.comptes.hachage import check_password_hash, generate_password_hash

PROD = {
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "SECRET_KEY": "k" * 32,
    "URL_PUBLIQUE": "https://village-avenir.lot.test",
}


@pytest.mark.parametrize("method", ["pbkdf2:sha256:1", "pbkdf2:sha256:1000", "plain", "md5"])
def test_production_refuses_a_weak_method(method):
    with pytest.raises(ConfigurationInvalide, match="trop faible"):
        create_app({**PROD, "HACHAGE_MOT_DE_PASSE": method})


@pytest.mark.parametrize("method", [None, "scrypt", "pbkdf2:sha256:600000"])
def test_production_accepts_strong_methods(method):
    app = create_app({**PROD, "HACHAGE_MOT_DE_PASSE": method})
    with app.app_context():
        hashed = generate_password_hash("un mot de passe")
    assert hashed.startswith((method or "scrypt").split(":")[0] + ":")
    assert check_password_hash(hashed, "un mot de passe")


def test_tests_hash_cheaply_and_still_check(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'base.sqlite3'}")
    with app.app_context():
        hashed = generate_password_hash("un mot de passe")
    assert hashed.startswith("pbkdf2:sha256:1$")
    assert check_password_hash(hashed, "un mot de passe")
    assert not check_password_hash(hashed, "un autre")


def test_without_an_app_the_default_is_scrypt():
    assert generate_password_hash("x").startswith("scrypt:")
