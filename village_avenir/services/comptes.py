"""Accounts: creation and authentication. Passwords are hashed (werkzeug, scrypt; see
``hachage.py`` for the cheap method the tests may configure)."""

from __future__ import annotations

import secrets
from functools import cache

from sqlmodel import Session, select

from ..auth import COMMUNE, ROLES
from ..models import Commune, Utilisateur, utcnow
from ..models.comptes import new_session_token
from .audit import record
from .connexions import forget_failures
from .hachage import check_password_hash, configured_method, generate_password_hash

__all__ = [
    "CompteInvalide",
    "authenticate",
    "change_password",
    "create_user",
    "renew_session_token",
    "set_active",
]

MIN_PASSWORD = 10


class CompteInvalide(ValueError):
    """The account cannot be created as asked (message in French)."""


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
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise CompteInvalide("Adresse électronique invalide.")
    if role not in ROLES:
        raise CompteInvalide(f"Rôle inconnu « {role} » (rôles : {', '.join(ROLES)}).")
    if role == COMMUNE and not commune_code:
        raise CompteInvalide("Un compte « commune » doit être rattaché à une commune.")
    if role != COMMUNE:
        commune_code = None
    if commune_code and session.get(Commune, commune_code) is None:
        raise CompteInvalide(f"Commune {commune_code} inconnue.")
    if len(password) < MIN_PASSWORD:
        raise CompteInvalide(f"Le mot de passe doit compter au moins {MIN_PASSWORD} caractères.")
    if session.exec(select(Utilisateur).where(Utilisateur.email == email)).first():
        raise CompteInvalide(f"Un compte existe déjà pour {email}.")
    user = Utilisateur(
        email=email,
        nom=nom.strip() or email,
        role=role,
        commune_code=commune_code,
        mot_de_passe_hash=generate_password_hash(password),
    )
    try:
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
        session.commit()
    except Exception:
        session.rollback()
        raise
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
    user.derniere_connexion = utcnow()
    record(
        session,
        qui=user.email,
        action="compte:connexion",
        objet="utilisateur",
        objet_id=str(user.id),
        code_insee=user.commune_code,
    )
    session.commit()
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
    try:
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
            _renew(session, user, qui=qui, motif="désactivation du compte")
        session.add(user)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return user


def _renew(session: Session, user: Utilisateur, *, qui: str, motif: str) -> None:
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
    try:
        _renew(session, user, qui=qui, motif=motif)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return user


def change_password(session: Session, user_id: int, password: str, *, qui: str) -> Utilisateur:
    """Set a new password and log the account out everywhere (journaled without the password)."""
    user = session.get(Utilisateur, user_id)
    if user is None:
        raise CompteInvalide("Ce compte n'existe pas.")
    if len(password) < MIN_PASSWORD:
        raise CompteInvalide(f"Le mot de passe doit compter au moins {MIN_PASSWORD} caractères.")
    try:
        user.mot_de_passe_hash = generate_password_hash(password)
        record(
            session,
            qui=qui,
            action="compte:mot_de_passe",
            objet="utilisateur",
            objet_id=str(user.id),
            code_insee=user.commune_code,
        )
        _renew(session, user, qui=qui, motif="changement du mot de passe")
        forget_failures(session, user.email)  # guesses of the old password no longer count
        session.commit()
    except Exception:
        session.rollback()
        raise
    return user
