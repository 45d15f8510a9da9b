"""STARTTLS for real: an aiosmtpd server that refuses mail before STARTTLS, with a certificate
made for the test by ``openssl`` (a self-signed one, as an internal relay on a closed network
may have). The sender checks the certificate: trusted through ``SMTP_AUTORITE`` it sends over
TLS; not trusted, it sends nothing and the message waits with the reason."""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from tests.conftest import require
from tests.smtp_server import free_port, smtp_settings
from village_avenir.db import get_session
from village_avenir.models import Courriel
from village_avenir.services.courriels import envoi
from village_avenir.services.courriels import messages as courriels
from village_avenir.services.courriels.gabarits import Message
from village_avenir.services.transaction import transaction

pytestmark = pytest.mark.slow  # a real server and an openssl subprocess


class _OverTls:
    """Keeps each accepted message with whether the session was encrypted."""

    def __init__(self):
        self.received: list[tuple[list[str], bool]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append((list(envelope.rcpt_tos), session.ssl is not None))
        return "250 Message accepted for delivery"


@pytest.fixture
def relais_tls(tmp_path):
    """(port, certificate file, handler) of a STARTTLS-only server on 127.0.0.1."""
    require(shutil.which("openssl") is not None, "openssl absent (paquet Debian openssl)")
    cert, key = tmp_path / "relais.pem", tmp_path / "relais.key"
    subprocess.run(  # noqa: S603 - fixed arguments, a test certificate
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler, port = _OverTls(), free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
    )
    controller.start()
    try:
        yield port, cert, handler
    finally:
        controller.stop()


def _queue_and_send(app, port, **config):
    app.config.update({**smtp_settings(port), "SMTP_SECURITE": "starttls", **config})
    with app.app_context():
        session = get_session()
        with transaction(session):
            courriels.queue(
                session,
                destinataire="maire@albas.test",
                genre="depot",
                message=Message("Accusé de réception", "Bonjour.", "<p>…</p>"),
            )
        rapport = envoi.send_due(session, envoi.smtp_config(app.config))
    with Session(app.extensions["village_avenir.engine"]) as s:
        return rapport, s.exec(select(Courriel)).one()


def test_starttls_with_the_relay_authority_sends_encrypted(loaded_fresh_app, relais_tls):
    port, cert, handler = relais_tls
    rapport, row = _queue_and_send(loaded_fresh_app, port, SMTP_AUTORITE=str(cert))
    assert rapport.envoyes == 1 and row.statut == "envoye"
    assert handler.received == [(["maire@albas.test"], True)]  # over TLS, never in clear


def test_an_untrusted_certificate_sends_nothing_and_says_why(loaded_fresh_app, relais_tls):
    port, _cert, handler = relais_tls
    rapport, row = _queue_and_send(loaded_fresh_app, port)
    assert rapport.envoyes == 0 and handler.received == []
    assert row.statut == "en_attente" and "CERTIFICATE_VERIFY_FAILED" in row.derniere_erreur
