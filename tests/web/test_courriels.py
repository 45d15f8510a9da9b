"""E-mail, never lost (issue 12, item 2): messages are written to the outbox in the same
transaction as their cause, delivered through a real SMTP server (aiosmtpd on 127.0.0.1),
retried while the server is down, listed and re-sent by administrators."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import Session, select

from tests.conftest import ROOT, csrf_token
from tests.smtp_server import SmtpServer, free_port, smtp_settings
from tests.web.conftest import COMPLETE, PDF, logged, post_dossier
from village_avenir.db import get_session
from village_avenir.models import Courriel
from village_avenir.services.courriels import envoi
from village_avenir.services.courriels import messages as courriels
from village_avenir.services.courriels.gabarits import Message


def _rows(app, genre: str | None = None) -> list[Courriel]:
    with Session(app.extensions["village_avenir.engine"]) as s:
        rows = list(s.exec(select(Courriel).order_by(Courriel.id)).all())
    return [r for r in rows if genre is None or r.genre == genre]


def _send(app, port):
    app.config.update(smtp_settings(port))
    with app.app_context():
        return envoi.send_due(get_session(), envoi.smtp_config(app.config))


def _deposit(app, cid, **kw):
    return post_dossier(
        logged(app, "commune"),
        cid,
        COMPLETE,
        action="deposer",
        files={"deliberation": (io.BytesIO(PDF), "d.pdf")},
        **kw,
    )


def test_a_deposit_queues_its_receipt_in_the_same_transaction(cand_app):
    app, ids = cand_app
    # Refused (incomplete): no deposit, no message.
    post_dossier(logged(app, "commune"), ids["commune"], {"contact_nom": "J"}, action="deposer")
    assert _rows(app) == []
    assert _deposit(app, ids["commune"]).status_code == 302
    (recu,) = _rows(app, "depot")
    (nouvelle,) = _rows(app, "depot_recu")  # issue 23: the engineers hear of it too
    assert nouvelle.destinataire == "ingenieur@lot.test" and len(_rows(app)) == 2
    assert "nouvelle candidature d'Albas" in nouvelle.sujet
    assert f"/instruction/{ids['commune']}" in nouvelle.texte
    assert recu.genre == "depot" and recu.destinataire == "maire@albas.test"
    assert recu.statut == "en_attente" and "Redonner vie au cœur du village" in recu.texte
    assert "déposée le" in recu.texte and f"/candidatures/{ids['commune']}" in recu.texte


def test_messages_arrive_with_text_and_html_parts_and_no_tracking(cand_app):
    app, ids = cand_app
    _deposit(app, ids["commune"])
    with SmtpServer() as smtp:
        rapport = _send(app, smtp.port)
        (msg,) = [m for m in smtp.wait_for(2) if m["To"] == "maire@albas.test"]
    assert rapport.envoyes == 2  # the receipt, and the engineer's notice
    assert msg["To"] == "maire@albas.test" and "ne-pas-repondre@lot.test" in msg["From"]
    assert msg["Subject"].startswith("Village A-Venir : accusé de réception")
    plain = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "Église Saint-Martin" in plain and "Église Saint-Martin" in html
    assert "<img" not in html and "utm_" not in html
    (row,) = _rows(app, "depot")
    assert row.statut == "envoye" and row.envoye_le and msg["Message-ID"] == row.message_id


def test_server_down_then_up_delivers_once(cand_app):
    app, ids = cand_app
    _deposit(app, ids["commune"])
    port = free_port()
    rapport = _send(app, port)  # nobody listens
    assert rapport.envoyes == 0 and rapport.echecs == 1  # the sender stops at the first
    (row,) = _rows(app, "depot")
    assert row.statut == "en_attente" and row.tentatives == 1
    assert "ConnectionRefusedError" in row.derniere_erreur
    time.sleep(0.3)  # the back-off (0.2 s in the tests)
    with SmtpServer(port) as smtp:
        assert _send(app, port).envoyes == 2
        assert _send(app, port).envoyes == 0  # nothing sent twice
        assert len(smtp.wait_for(2)) == 2
    assert {r.statut for r in _rows(app)} == {"envoye"}


def test_permanent_refusal_is_a_failure_with_its_reason(cand_app):
    app, ids = cand_app
    with app.app_context():
        s = get_session()
        courriels.queue(
            s,
            destinataire="x@lot.test",
            genre="depot",
            message=Message("Essai", "Bonjour", "<p>…</p>"),
        )
        s.commit()

    class Refuse:
        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
            return "550 Boîte inconnue"

    from aiosmtpd.controller import Controller

    port = free_port()
    ctl = Controller(Refuse(), hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        rapport = _send(app, port)
    finally:
        ctl.stop()
    assert rapport.echecs == 1
    (row,) = _rows(app)
    assert row.statut == "echec" and "550" in row.derniere_erreur


def test_admin_lists_reads_and_resends(cand_app):
    app, ids = cand_app
    _deposit(app, ids["commune"])
    admin = logged(app, "admin")
    page = admin.get("/admin/courriels").get_data(as_text=True)
    assert "accusé de réception" in page and "Aucun serveur de messagerie" in page
    (row,) = _rows(app, "depot")
    detail = admin.get(f"/admin/courriels/{row.id}").get_data(as_text=True)
    assert "Redonner vie au cœur du village" in detail
    with SmtpServer() as smtp:
        _send(app, smtp.port)
        token = csrf_token(admin, "/admin/courriels")
        assert (
            admin.post(
                f"/admin/courriels/{row.id}/renvoyer", data={"csrf_token": token}
            ).status_code
            == 302
        )
        assert _rows(app, "depot")[0].statut == "en_attente"
        _send(app, smtp.port)
        assert len(smtp.wait_for(3)) == 3  # the receipt re-sent on purpose
    assert logged(app, "ingenieur").get("/admin/courriels").status_code == 403


def test_the_command_without_smtp_says_so(cand_app):
    app, _ = cand_app
    result = app.test_cli_runner().invoke(args=["envoyer-courriels"])
    assert result.exit_code != 0 and "Aucun serveur SMTP configuré" in result.output


def _sender(url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "VILLAGE_AVENIR_ENV": "developpement",
        "VILLAGE_AVENIR_SMTP_HOTE": "127.0.0.1",
        "VILLAGE_AVENIR_SMTP_PORT": str(port),
        "VILLAGE_AVENIR_SMTP_SECURITE": "aucune",
        "VILLAGE_AVENIR_COURRIEL_EXPEDITEUR": "ne-pas-repondre@lot.test",
        "VILLAGE_AVENIR_COURRIEL_RELANCE_SECONDES": "0.2",
        "VILLAGE_AVENIR_COURRIEL_VERROU_SECONDES": "2",
    }
    cmd = [sys.executable, "-m", "flask", "--app", "village_avenir", "envoyer-courriels",
           "--boucle", "--intervalle", "0.1"]  # fmt: skip
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait(predicate, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow  # two real sender processes
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_killed_sender_while_smtp_is_down_then_restarted_delivers_each_once(fresh_app):
    app = fresh_app
    with app.app_context():
        s = get_session()
        for n in range(3):
            courriels.queue(
                s,
                destinataire=f"maire{n}@commune.test",
                genre="depot",
                message=Message(f"Message {n}", f"Texte {n}", "<p>…</p>"),
            )
        s.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    port = free_port()
    first = _sender(url, port)  # SMTP down
    try:
        assert _wait(lambda: _rows(app)[0].tentatives >= 2), "aucun essai enregistré"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert first.returncode == -signal.SIGKILL
    assert all(r.statut == "en_attente" for r in _rows(app))
    with SmtpServer(port) as smtp:
        second = _sender(url, port)
        try:
            assert _wait(lambda: all(r.statut == "envoye" for r in _rows(app))), _rows(app)
            time.sleep(1.0)  # a duplicate would arrive now
        finally:
            second.send_signal(signal.SIGKILL)
            second.wait(10)
        received = sorted(m["Subject"] for m in smtp.messages)
    assert received == ["Message 0", "Message 1", "Message 2"]
    assert len({m["Message-ID"] for m in smtp.messages}) == 3


def test_the_decision_service_queues_the_email_and_a_refused_one_queues_nothing(cand_app):
    """Any caller of instruction.transition (the instruction page, the selection committee)
    gets the « décision » e-mail; a refused transition writes no message."""
    from village_avenir.models import Candidature
    from village_avenir.services.candidatures import dossiers as cands
    from village_avenir.services.candidatures import instruction

    app, ids = cand_app
    _deposit(app, ids["commune"])
    with app.app_context():
        s = get_session()
        cand = s.get(Candidature, ids["commune"])
        instruction.transition(s, cand, cible="en_instruction", role="ingenieur", qui="ing")
        before = len(_rows(app))
        with pytest.raises(cands.ConflitEdition):
            instruction.transition(
                s,
                cand,
                cible="retenue",
                role="ingenieur",
                qui="ing",
                motif="Projet complet.",
                version_attendue=0,
            )
        assert len(_rows(app)) == before
        instruction.transition(
            s,
            cand,
            cible="retenue",
            role="ingenieur",
            qui="ing",
            motif="Projet complet et cohérent.",
        )
    decision = [r for r in _rows(app) if r.genre == "decision"]
    assert [r.destinataire for r in decision] == ["maire@albas.test"]
    assert "Projet complet et cohérent." in decision[0].texte and "Retenue" in decision[0].texte


def test_the_outbox_is_read_page_by_page_in_paris_time(cand_app):
    from village_avenir.services.transaction import transaction
    from village_avenir.views.admin.courriels import PAGE

    app, _ = cand_app
    with app.app_context():
        session = get_session()
        with transaction(session):
            for n in range(PAGE + 5):
                courriels.queue(
                    session,
                    destinataire=f"maire{n}@example.org",
                    genre="depot",
                    message=Message(f"Message n° {n}", "Bonjour.", "<p>…</p>"),
                )
    admin = logged(app, "admin")
    first = admin.get("/admin/courriels").get_data(as_text=True)
    assert first.count('data-statut="en_attente"') == PAGE
    assert f"Message n° {PAGE + 4}<" in first and "Message n° 4<" not in first  # newest first
    assert "Heures de Paris" in first and "(UTC)" not in first
    suite = re.search(r'href="([^"]*avant=\d+)" id="plus-anciens"', first).group(1)
    second = admin.get(suite.replace("&amp;", "&")).get_data(as_text=True)
    assert second.count('data-statut="en_attente"') == 5 and "Message n° 0<" in second
    assert 'id="plus-anciens"' not in second
    filtered = admin.get("/admin/courriels?statut=envoye").get_data(as_text=True)
    assert 'data-statut="en_attente"' not in filtered and "Aucun message." in filtered
