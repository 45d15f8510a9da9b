"""A real SMTP server for the tests (aiosmtpd, on a free 127.0.0.1 port): it keeps every
message it accepted, parsed, so that tests check what actually arrives."""

from __future__ import annotations

import email
import socket
import time
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collect:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        msg = email.message_from_bytes(envelope.content, policy=default)
        msg.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(msg)
        return "250 Message accepted for delivery"


class SmtpServer:
    """``with SmtpServer(port) as smtp: … smtp.messages``; start/stop to simulate an outage."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self._handler = _Collect()
        self._controller = None

    @property
    def messages(self):
        return self._handler.messages

    def to(self, address: str):
        return [m for m in self.messages if address in m.envelope_to]

    def start(self) -> SmtpServer:
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 30.0) -> list:
        end = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < end:
            time.sleep(0.05)
        return self.messages

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def smtp_settings(port: int) -> dict:
    """App config for a plain local SMTP server (no TLS: it is 127.0.0.1)."""
    return {
        "SMTP_HOTE": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_SECURITE": "aucune",
        "COURRIEL_EXPEDITEUR": "Village A-Venir <ne-pas-repondre@lot.test>",
        "COURRIEL_RELANCE_SECONDES": 0.2,
        "COURRIEL_VERROU_SECONDES": 2,
    }
