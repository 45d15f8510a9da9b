"""Accounts: creation and authentication. Passwords are hashed (werkzeug, scrypt; see
``hachage.py`` for the cheap method the tests may configure).

Addresses are checked by ``email-validator`` (syntax, a real domain; no DNS query) and
passwords by ``zxcvbn`` against common passwords, words, sequences, repetitions and the
account's own data (address, name): « aaaaaaaaaa » or the address itself are refused.
"""

from __future__ import annotations

import re
import secrets
from functools import cache

from email_validator import EmailNotValidError, validate_email
from flask import current_app, has_app_context
from sqlmodel import Session, select
from zxcvbn import zxcvbn

from ...domain.refus import Refus
from ...domain.roles import COMMUNE, ROLES
from ...models import Commune, Utilisateur, utcnow
from ...models.comptes import new_session_token
from ..audit import record
from ..transaction import transaction
from .connexions import forget_failures
from .hachage import check_password_hash, configured_method, generate_password_hash

__all__ = [
    "CompteInvalide",
    "authenticate",
    "change_password",
    "check_password_strength",
    "create_user",
    "normalise_email",
    "renew_session_token",
    "set_active",
    "unlock_account",
]

MIN_PASSWORD = 10
MAX_PASSWORD = 200
# zxcvbn's scale: 3 = « safely unguessable: moderate protection from an offline attack ».
MIN_SCORE = 3


class CompteInvalide(Refus, ValueError):
    """The account cannot be created as asked (message in French)."""


def normalise_email(email: str) -> str:
    """The address, checked and normalised (lower case), or CompteInvalide. The reserved
    ``.test`` domain is accepted only in tests and benchmarks (``TESTING`` or
    ``ADRESSES_DE_TEST`` in the app's config)."""
    config = current_app.config if has_app_context() else {}
    testing = bool(config.get("TESTING") or config.get("ADRESSES_DE_TEST"))
    try:
        info = validate_email(
            (email or "").strip(), check_deliverability=False, test_environment=testing
        )
    except EmailNotValidError:
        raise CompteInvalide(
            "Adresse électronique invalide : vérifiez-la (forme prenom.nom@domaine.fr)."
        ) from None
    normalised = info.normalized.lower()
    if len(normalised) > 254:
        raise CompteInvalide("Adresse électronique trop longue (254 caractères au plus).")
    return normalised


def check_password_strength(password: str, email: str = "", nom: str = "") -> None:
    """Refuse (CompteInvalide, in French) a short or guessable password."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        raise CompteInvalide(f"Le mot de passe doit compter au moins {MIN_PASSWORD} caractères.")
    if len(password) > MAX_PASSWORD:
        raise CompteInvalide(f"Le mot de passe dépasse {MAX_PASSWORD} caractères.")
    local = email.split("@")[0]
    inputs = [email, local, *re.split(r"[^\w]+", local), *re.split(r"\s+", nom or "")]
    inputs += ["village", "avenir", "lot", "departement", "mairie", "commune"]
    if email and email.lower() in password.lower():
        raise CompteInvalide("Le mot de passe ne doit pas contenir votre adresse électronique.")
    if zxcvbn(password, user_inputs=[i for i in inputs if i])["score"] < MIN_SCORE:
        raise CompteInvalide(
            "Ce mot de passe est trop facile à deviner (mot de passe courant, suite ou "
            "répétition de caractères, ou tiré de votre adresse ou de votre nom). Choisissez "
            "par exemple une phrase de plusieurs mots peu courants."
        )


def create_user(
    session: Session,
    *,
    email: str,
    nom: str,
    role: str,
    password: str,
    qui: str,
    commune_code: str | None = None,
) -> Utilisateur:
    """Create an account (one transaction, journaled without the password)."""
    email = normalise_email(email)
    if role not in ROLES:
        raise CompteInvalide(f"Rôle inconnu « {role} » (rôles : {', '.join(ROLES)}).")
    if role == COMMUNE and not commune_code:
        raise CompteInvalide("Un compte « commune » doit être rattaché à une commune.")
    if role != COMMUNE:
        commune_code = None
    if commune_code and session.get(Commune, commune_code) is None:
        raise CompteInvalide(f"Commune {commune_code} inconnue.")
    check_password_strength(password, email, nom)
    if session.exec(select(Utilisateur).where(Utilisateur.email == email)).first():
        raise CompteInvalide(f"Un compte existe déjà pour {email}.")
    user = Utilisateur(
        email=email,
        nom=nom.strip() or email,
        role=role,
        commune_code=commune_code,
        mot_de_passe_hash=generate_password_hash(password),
    )
    with transaction(session):
        session.add(user)
        session.flush()
        record(
            session,
            qui=qui,
            action="compte:creation",
            objet="utilisateur",
            objet_id=str(user.id),
            code_insee=commune_code,
            apres={"email": email, "nom": user.nom, "role": role, "commune": commune_code},
        )
    return user


def _dummy_hash() -> str:
    return _dummy_hash_for(configured_method())


@cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16))


def authenticate(session: Session, email: str, password: str) -> Utilisateur | None:
    """The active user with that email and password, or None (same answer for both errors)."""
    user = session.exec(
        select(Utilisateur).where(Utilisateur.email == email.strip().lower())
    ).first()
    if user is None or not user.actif:
        # Check against a dummy hash anyway, so that timing does not reveal which e-mail
        # addresses have an account (one scrypt, like a real check).
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.mot_de_passe_hash, password):
        return None
    with transaction(session):
        user.derniere_connexion = utcnow()
        record(
            session,
            qui=user.email,
            action="compte:connexion",
            objet="utilisateur",
            objet_id=str(user.id),
            code_insee=user.commune_code,
        )
    return user


def set_active(session: Session, user_id: int, actif: bool, *, qui: str) -> Utilisateur:
    """Deactivate or reactivate an account (journaled); one cannot deactivate oneself."""
    user = session.get(Utilisateur, user_id)
    if user is None:
        raise CompteInvalide("Ce compte n'existe pas.")
    if user.email == qui and not actif:
        raise CompteInvalide("Vous ne pouvez pas désactiver votre propre compte.")
    if user.actif == actif:
        return user
    with transaction(session):
        record(
            session,
            qui=qui,
            action="compte:modification",
            objet="utilisateur",
            objet_id=str(user.id),
            code_insee=user.commune_code,
            avant={"actif": user.actif},
            apres={"actif": actif},
        )
        user.actif = actif
        if not actif:
            renew_token(session, user, qui=qui, motif="désactivation du compte")
        session.add(user)
    return user


def renew_token(session: Session, user: Utilisateur, *, qui: str, motif: str) -> None:
    """New session token (not committed): every cookie issued before stops working."""
    user.jeton_session = new_session_token()
    session.add(user)
    # The token itself is a secret: the journal says that it changed, not its value.
    record(
        session,
        qui=qui,
        action="compte:renouvellement_session",
        objet="utilisateur",
        objet_id=str(user.id),
        code_insee=user.commune_code,
        motif=motif,
    )


def renew_session_token(
    session: Session, user_id: int, *, qui: str, motif: str = "déconnexion de tous les appareils"
) -> Utilisateur:
    """Log the account out on every device (one transaction, journaled)."""
    user = session.get(Utilisateur, user_id)
    if user is None:
        raise CompteInvalide("Ce compte n'existe pas.")
    with transaction(session):
        renew_token(session, user, qui=qui, motif=motif)
    return user


def change_password(session: Session, user_id: int, password: str, *, qui: str) -> Utilisateur:
    """Set a new password and log the account out everywhere (journaled without the password)."""
    user = session.get(Utilisateur, user_id)
    if user is None:
        raise CompteInvalide("Ce compte n'existe pas.")
    check_password_strength(password, user.email, user.nom)
    with transaction(session):
        user.mot_de_passe_hash = generate_password_hash(password)
        record(
            session,
            qui=qui,
            action="compte:mot_de_passe",
            objet="utilisateur",
            objet_id=str(user.id),
            code_insee=user.commune_code,
        )
        renew_token(session, user, qui=qui, motif="changement du mot de passe")
        forget_failures(session, user.email)  # guesses of the old password no longer count
    return user


def unlock_account(session: Session, user_id: int, *, qui: str) -> Utilisateur:
    """Forget the account's recent failed logins (an administrator lifts a suspension)."""
    from sqlalchemy import delete

    from ...models import TentativeConnexion

    user = session.get(Utilisateur, user_id)
    if user is None:
        raise CompteInvalide("Ce compte n'existe pas.")
    with transaction(session):
        session.exec(delete(TentativeConnexion).where(TentativeConnexion.email == user.email))
        record(
            session,
            qui=qui,
            action="compte:deverrouillage",
            objet="utilisateur",
            objet_id=str(user.id),
            code_insee=user.commune_code,
        )
    return user
