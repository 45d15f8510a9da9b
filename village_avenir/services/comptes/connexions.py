"""Login throttling: growing delays per (account, origin) pair; nobody is ever locked out.

The old scheme locked an account after 5 failures from anywhere, so that any visitor could
keep any account (an administrator's too) locked for ever; 30 failures from one address
locked everyone behind it. This one only *slows* whoever fails:

- A failure is counted for the pair (account, origin). The origin is the client's address,
  or ``appareil:<id>`` when the browser presents a valid *trusted-device* cookie for that
  account (set by a successful login, see ``views/auth/connexion.py``). After
  ``CONNEXION_ESSAIS_LIBRES`` failures of a pair within ``CONNEXION_FENETRE_HEURES``, the
  next attempt of that pair must wait ``CONNEXION_DELAI_BASE`` seconds, then twice as long
  after each new failure, up to ``CONNEXION_DELAI_MAX``. An attempt made too early is
  answered without checking the password and is not counted.
- An address whose failures over every account exceed ``CONNEXION_ESSAIS_LIBRES_IP`` (password
  spraying) waits too, at most ``CONNEXION_DELAI_MAX_IP`` (short: offices behind one address
  share it). That ceiling is much higher than the pair's (300 against 3 by default, issue 25
  L3): the colleagues of a Département office or a town hall behind one address mistype
  their passwords on many accounts without ever reaching it. Trusted devices are exempt, and
  never slowed by anyone else's failures: only their own repeated failures on their own
  account count against them (a shared computer must not give unlimited guesses).
- The owner is never locked out by someone else's failures: from a trusted device the
  attacker's failures are not theirs; from elsewhere the delay is bounded; a password change
  (including a reset by e-mail) forgets the account's failures (``forget_failures``).
- A success forgets the failures of its own pair only (not the attacker's).

Failures live in the database (``TentativeConnexion``): the count holds across gunicorn
workers. Rows older than the window are deleted as new failures arrive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from ...domain.dates import as_utc
from ...domain.refus import Refus
from ...models import TentativeConnexion, utcnow
from ..transaction import transaction

__all__ = [
    "ConnexionRalentie",
    "DEVICE_PREFIX",
    "check_throttle",
    "delay_after",
    "forget_failures",
    "origin_key",
    "record_failure",
    "record_success",
]

DEVICE_PREFIX = "appareil:"


class ConnexionRalentie(Refus, RuntimeError):
    """Too early after recent failures of this pair (message in French, ``attente`` in s)."""

    status = 429

    def __init__(self, attente: int):
        self.attente = attente
        super().__init__(
            "Trop d'essais infructueux pour ce compte depuis cet appareil ou cette connexion : "
            f"réessayez dans {_duree(attente)}. Chaque nouvel échec allonge ce délai ; les "
            "essais faits depuis un autre appareil ne sont pas concernés."
        )


def _duree(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


@dataclass(frozen=True)
class _Regle:
    libres: int
    base: float
    maximum: float


def delay_after(failures: int, libres: int, base: float, maximum: float) -> float:
    """Seconds to wait after ``failures`` recent failures: 0 for the first ``libres``, then
    ``base``, doubling with each failure, capped at ``maximum``."""
    if failures < libres:
        return 0.0
    return float(min(maximum, base * 2 ** min(failures - libres, 40)))


def origin_key(ip: str, device: str | None) -> str:
    """What a failure is counted against besides the account: the trusted device, or the IP."""
    return f"{DEVICE_PREFIX}{device}"[:64] if device else (ip or "inconnue")[:64]


def _normal(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def _wait(session: Session, where, regle: _Regle, since: datetime, now: datetime) -> float:
    count, last = session.exec(
        select(func.count(), func.max(TentativeConnexion.quand)).where(
            *where, TentativeConnexion.quand >= since
        )
    ).one()
    delay = delay_after(count, regle.libres, regle.base, regle.maximum)
    if not delay or last is None:
        return 0.0
    return max(0.0, (as_utc(last) + timedelta(seconds=delay) - now).total_seconds())


def check_throttle(
    session: Session, email: str, ip: str, config, device: str | None = None
) -> None:
    """Raise ConnexionRalentie when this pair (or this address) must still wait."""
    now = utcnow()
    since = now - timedelta(hours=float(config["CONNEXION_FENETRE_HEURES"]))
    origin = origin_key(ip, device)
    pair = _Regle(
        int(config["CONNEXION_ESSAIS_LIBRES"]),
        float(config["CONNEXION_DELAI_BASE"]),
        float(config["CONNEXION_DELAI_MAX"]),
    )
    wait = _wait(
        session,
        (TentativeConnexion.email == _normal(email), TentativeConnexion.ip == origin),
        pair,
        since,
        now,
    )
    if device is None:
        address = _Regle(
            int(config["CONNEXION_ESSAIS_LIBRES_IP"]),
            float(config["CONNEXION_DELAI_BASE"]),
            float(config["CONNEXION_DELAI_MAX_IP"]),
        )
        wait = max(wait, _wait(session, (TentativeConnexion.ip == origin,), address, since, now))
    if wait > 0:
        raise ConnexionRalentie(math.ceil(wait))


def record_failure(
    session: Session, email: str, ip: str, device: str | None = None, *, config=None
) -> None:
    """Count one failure of the pair; forget the failures older than the window."""
    hours = float(config["CONNEXION_FENETRE_HEURES"]) if config else 24.0
    with transaction(session):
        session.exec(
            delete(TentativeConnexion).where(
                TentativeConnexion.quand < utcnow() - timedelta(hours=hours)
            )
        )
        session.add(TentativeConnexion(email=_normal(email), ip=origin_key(ip, device)))
        if config is not None:
            _tell_owner(session, email, config)


def _tell_owner(session: Session, email: str, config) -> None:
    """Queue the « connexions ralenties » e-mail (``courriels.compte_verrouille``, same
    transaction) once per window: when the account's failures reach the free attempts."""
    from ..courriels import messages as courriels

    since = utcnow() - timedelta(hours=float(config["CONNEXION_FENETRE_HEURES"]))
    session.flush()
    count = session.exec(
        select(func.count()).where(
            TentativeConnexion.email == _normal(email), TentativeConnexion.quand >= since
        )
    ).one()
    if count == int(config["CONNEXION_ESSAIS_LIBRES"]):
        courriels.compte_verrouille(session, email)


def record_success(session: Session, email: str, ip: str, device: str | None = None) -> None:
    """Forget the failures of this pair only: an attacker's count elsewhere stays."""
    with transaction(session):
        session.exec(
            delete(TentativeConnexion).where(
                TentativeConnexion.email == _normal(email),
                TentativeConnexion.ip == origin_key(ip, device),
            )
        )


def forget_failures(session: Session, email: str) -> None:
    """Forget every failure of the account (not committed): after a password change or
    reset, guesses of the old password no longer matter."""
    session.exec(delete(TentativeConnexion).where(TentativeConnexion.email == _normal(email)))
