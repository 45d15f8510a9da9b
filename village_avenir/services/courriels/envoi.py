"""The outbox, sending side: deliver due messages through SMTP (stdlib ``smtplib`` and
``email.message.EmailMessage``: no hand-written protocol), record each outcome, retry with
growing delays.

Guarantees:
- a message is sent only after the transaction that queued it committed (it is read from
  the table);
- a row is claimed by one sender at a time (an atomic UPDATE sets ``verrou_jusqua``), so two
  senders never send it twice;
- ``envoye`` is committed right after the SMTP server accepted the message. A sender killed
  between the two (a window of milliseconds) would send it again once the claim expires:
  at-least-once delivery, with the same Message-ID so the duplicate can be recognised.
- a server that is down or answers 4xx: the attempt is counted, retried after
  base × 2^(attempts−1) seconds (capped at 6 hours); ``echec`` after ``COURRIEL_ESSAIS_MAX``
  attempts or at once on a permanent 5xx refusal. An administrator can put it back.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import or_, update
from sqlmodel import Session, select

from ...domain.dates import as_utc
from ...domain.refus import Introuvable
from ...models import Courriel, utcnow
from ...models.courriels import ECHEC, EN_ATTENTE, ENVOYE
from ..transaction import transaction

__all__ = ["Rapport", "SmtpConfig", "build_message", "resend", "send_due", "smtp_config"]

MAX_DELAI = 6 * 3600


@dataclass(frozen=True)
class SmtpConfig:
    hote: str
    port: int
    securite: str  # "starttls", "tls" or "aucune"
    utilisateur: str | None
    mot_de_passe: str | None
    expediteur: str
    delai_base: float
    essais_max: int
    verrou_secondes: float
    timeout: float = 30.0
    autorite: str | None = None  # PEM file of an internal relay's certificate authority


@dataclass
class Rapport:
    envoyes: int = 0
    echecs: int = 0
    erreurs: list[str] = field(default_factory=list)


def smtp_config(config) -> SmtpConfig | None:
    """The SMTP settings of the app's config, or None when no server is configured."""
    hote = (config.get("SMTP_HOTE") or "").strip()
    if not hote:
        return None
    securite = (config.get("SMTP_SECURITE") or "starttls").strip().lower()
    if securite not in {"starttls", "tls", "aucune"}:
        raise ValueError(
            f"VILLAGE_AVENIR_SMTP_SECURITE vaut « {securite} » : starttls, tls ou aucune."
        )
    expediteur = (config.get("COURRIEL_EXPEDITEUR") or "").strip()
    if not expediteur:
        raise ValueError("VILLAGE_AVENIR_COURRIEL_EXPEDITEUR est obligatoire avec un serveur SMTP.")
    default_port = {"starttls": 587, "tls": 465, "aucune": 25}[securite]
    return SmtpConfig(
        hote=hote,
        port=int(config.get("SMTP_PORT") or default_port),
        securite=securite,
        utilisateur=config.get("SMTP_UTILISATEUR") or None,
        mot_de_passe=config.get("SMTP_MOT_DE_PASSE") or None,
        expediteur=expediteur,
        delai_base=float(config.get("COURRIEL_RELANCE_SECONDES", 60)),
        essais_max=int(config.get("COURRIEL_ESSAIS_MAX", 8)),
        verrou_secondes=float(config.get("COURRIEL_VERROU_SECONDES", 300)),
        autorite=config.get("SMTP_AUTORITE") or None,
    )


def build_message(row: Courriel, expediteur: str) -> EmailMessage:
    """The MIME message: plain text first, HTML alternative; no tracking header."""
    msg = EmailMessage()
    msg["From"] = expediteur
    msg["To"] = row.destinataire
    msg["Subject"] = row.sujet
    msg["Message-ID"] = row.message_id
    created = as_utc(row.cree_le)
    msg["Date"] = format_datetime(created)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(row.texte)
    msg.add_alternative(row.html, subtype="html")
    return msg


def _connect(cfg: SmtpConfig) -> smtplib.SMTP:
    """A connection to the relay; with TLS the server's certificate and name are always
    checked, against the system's authorities plus ``autorite`` when given."""
    context = ssl.create_default_context()
    if cfg.autorite:
        context.load_verify_locations(cafile=cfg.autorite)
    if cfg.securite == "tls":
        smtp = smtplib.SMTP_SSL(cfg.hote, cfg.port, timeout=cfg.timeout, context=context)
    else:
        smtp = smtplib.SMTP(cfg.hote, cfg.port, timeout=cfg.timeout)
        if cfg.securite == "starttls":
            smtp.starttls(context=context)
    if cfg.utilisateur:
        smtp.login(cfg.utilisateur, cfg.mot_de_passe or "")
    return smtp


def _claim(session: Session, row_id: int, now: datetime, cfg: SmtpConfig) -> bool:
    """Atomically take the row for this sender (False: another sender has it, or done)."""
    with transaction(session):
        result = session.execute(
            update(Courriel)
            .where(
                Courriel.id == row_id,
                Courriel.statut == EN_ATTENTE,
                or_(Courriel.verrou_jusqua.is_(None), Courriel.verrou_jusqua < now),
            )
            .values(verrou_jusqua=now + timedelta(seconds=cfg.verrou_secondes))
        )
    return result.rowcount == 1


def _failed(session: Session, row: Courriel, exc: Exception, cfg: SmtpConfig, now) -> None:
    permanent = isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        permanent = all(code >= 500 for code, _ in exc.recipients.values())
    with transaction(session):
        row.tentatives += 1
        row.derniere_erreur = f"{type(exc).__name__} : {exc}"[:500]
        row.verrou_jusqua = None
        if permanent or row.tentatives >= cfg.essais_max:
            row.statut = ECHEC
        else:
            delai = min(cfg.delai_base * 2 ** (row.tentatives - 1), MAX_DELAI)
            row.prochain_essai = now + timedelta(seconds=delai)
        session.add(row)


def send_due(session: Session, cfg: SmtpConfig, *, limite: int = 100) -> Rapport:
    """Send the messages that are due, oldest first; one SMTP connection per batch. A
    connection failure (server down) stops the batch: the other messages keep their turn."""
    rapport = Rapport()
    now = utcnow()
    ids = session.exec(
        select(Courriel.id)
        .where(Courriel.statut == EN_ATTENTE, Courriel.prochain_essai <= now)
        .order_by(Courriel.id)
        .limit(limite)
    ).all()
    smtp = None
    try:
        for row_id in ids:
            if not _claim(session, row_id, utcnow(), cfg):
                continue
            row = session.get(Courriel, row_id)
            session.refresh(row)
            try:
                if smtp is None:
                    smtp = _connect(cfg)
                smtp.send_message(build_message(row, cfg.expediteur))
            except (OSError, smtplib.SMTPException) as exc:
                _failed(session, row, exc, cfg, utcnow())
                rapport.echecs += 1
                rapport.erreurs.append(f"n° {row.id} : {row.derniere_erreur}")
                if not isinstance(
                    exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused
                ):
                    break  # the server is unreachable: stop, keep the others' turn
                continue
            with transaction(session):
                row.statut, row.envoye_le = ENVOYE, utcnow()
                row.verrou_jusqua, row.derniere_erreur = None, None
                row.tentatives += 1
                session.add(row)
            rapport.envoyes += 1
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
    return rapport


def resend(session: Session, courriel_id: int, *, qui: str) -> Courriel:
    """Put a message back in the queue, due now (journaled)."""
    from ..audit import record

    row = session.get(Courriel, courriel_id)
    if row is None:
        raise Introuvable("Ce message n'existe pas.")
    avant = {"statut": row.statut, "tentatives": row.tentatives}
    with transaction(session):
        row.statut, row.tentatives, row.prochain_essai = EN_ATTENTE, 0, utcnow()
        row.verrou_jusqua = None
        session.add(row)
        record(
            session,
            qui=qui,
            action="courriel:renvoi",
            objet="courriel",
            objet_id=str(row.id),
            avant=avant,
            apres={"statut": EN_ATTENTE, "destinataire": row.destinataire},
        )
    return row
