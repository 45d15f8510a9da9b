"""Form errors are in French, including WTForms' built-in messages."""

import re

from tests.conftest import csrf_token, login

ENGLISH = re.compile(r"Not a valid|Field must|This field|cannot be longer|Invalid (?:choice|value)")


def test_builtin_validator_messages_are_french(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, "/communes/46001/adhesions")
    resp = client.post(
        "/communes/46001/adhesions",
        data={
            "programme": "zzz",
            "niveau_preuve": "zzz",
            "source": "s",
            "motif": "ab",
            "csrf_token": token,
        },
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "pas un choix valide" in html and "comprise entre 5 et 2000" in html
    assert not ENGLISH.search(html)
    resp = client.post(
        "/communes/46001/plan/proposer",
        data={"b_sante": "abc", "source": "visite", "version": "0", "csrf_token": token},
    )
    assert resp.status_code == 400 and not ENGLISH.search(resp.get_data(as_text=True))


def test_login_length_message_is_french(users_app):
    client = users_app.test_client()
    token = csrf_token(client, "/connexion")
    resp = client.post(
        "/connexion", data={"email": "a" * 300, "mot_de_passe": "x", "csrf_token": token}
    )
    html = resp.get_data(as_text=True)
    assert "254 caractères" in html and not ENGLISH.search(html)
