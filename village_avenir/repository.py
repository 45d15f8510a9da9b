"""Query functions taking a Session. Reads only: every write goes through ``services/``."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, select

from .domain.communes import Commune as CommuneValue
from .domain.communes import CommuneDeleguee as DelegueeValue
from .domain.eligibilite import Membership
from .domain.noms import cle_de_tri
from .domain.recherche import compact, search
from .models import Adhesion, Commune, CommuneDeleguee, Epci, Journal


def count_communes(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Commune)).one()


def current_codes(session: Session) -> set[str]:
    return set(session.exec(select(Commune.code_insee)).all())


def deleguees(session: Session) -> dict[str, DelegueeValue]:
    rows = session.exec(select(CommuneDeleguee)).all()
    return {r.code_insee: DelegueeValue(r.code_insee, r.nom, r.commune_code, r.type) for r in rows}


def get_commune(session: Session, code: str) -> Commune | None:
    return session.get(Commune, code)


def epci_name(session: Session, code: str | None) -> str | None:
    epci = session.get(Epci, code) if code else None
    return epci.nom if epci else None


def epci_names(session: Session) -> dict[str, str]:
    return {e.code: e.nom for e in session.exec(select(Epci)).all()}


def list_epcis(session: Session) -> list[Epci]:
    return list(session.exec(select(Epci).order_by(Epci.nom)).all())


def list_communes(session: Session, q: str | None = None, epci: str | None = None) -> list[Commune]:
    """Communes ordered by name, filtered by an EPCI code and a forgiving name or code
    fragment (see domain/recherche.py: accents, case, hyphens, « st »…; names starting with
    the fragment first). A département holds a few hundred communes: filtered in memory."""
    stmt = select(Commune).order_by(Commune.nom)
    if epci:
        stmt = stmt.where(Commune.epci_code == epci)
    # « Le Bourg » sorts at B, « Les Arques » at A: the article is not part of the order.
    rows = sorted(session.exec(stmt).all(), key=lambda c: cle_de_tri(c.nom))
    if q and q.strip():
        found = search(q, rows, name=lambda c: c.nom, code=lambda c: c.code_insee)
        # A former commune (commune déléguée or associée: « Labastide-Murat », 46248) leads
        # to its current commune (issue 23 n° 9).
        anciennes = former_communes(session, q)
        seen = {c.code_insee for c in found}
        found += [c for c in rows if c.code_insee in anciennes and c.code_insee not in seen]
        rows = found
    return rows


def former_communes(session: Session, q: str) -> dict[str, list[tuple[str, str]]]:
    """Current commune code → [(old name, old code)] of the former communes whose name or
    old code matches ``q`` (same forgiving search as the names)."""
    rows = session.exec(select(CommuneDeleguee).order_by(CommuneDeleguee.nom)).all()
    out: dict[str, list[tuple[str, str]]] = {}
    for r in search(q, rows, name=lambda d: d.nom, code=lambda d: d.code_insee):
        if r.nom and compact(q):
            out.setdefault(r.commune_code, []).append((r.nom, r.code_insee))
    return out


def to_value(row: Commune, epci_nom: str | None = None) -> CommuneValue:
    return CommuneValue(
        code_insee=row.code_insee,
        nom=row.nom,
        population=row.population,
        population_annee=row.population_annee,
        epci_code=row.epci_code,
        epci_nom=epci_nom,
        date_creation=row.date_creation,
        date_creation_source=row.date_creation_source,
    )


def active_memberships(
    session: Session, codes: Iterable[str] | None = None
) -> dict[str, list[Membership]]:
    """Active memberships grouped by commune code (all communes when ``codes`` is None)."""
    stmt = select(Adhesion).where(Adhesion.actif == True).order_by(Adhesion.id)  # noqa: E712
    if codes is not None:
        stmt = stmt.where(Adhesion.code_insee.in_(list(codes)))
    grouped: dict[str, list[Membership]] = {}
    for a in session.exec(stmt).all():
        grouped.setdefault(a.code_insee, []).append(
            Membership(
                a.programme,
                a.niveau_preuve,
                a.source,
                a.source_url,
                a.date_source,
                a.preuve,
                a.liste,
                a.debut,
                a.fin,
            )
        )
    return grouped


def find_membership(session: Session, code: str, programme: str, source: str) -> Adhesion | None:
    stmt = select(Adhesion).where(
        Adhesion.code_insee == code, Adhesion.programme == programme, Adhesion.source == source
    )
    return session.exec(stmt).first()


# Account events (logins, logouts, invitations, passwords) have their own journal view
# (/admin/journal-des-comptes): thirty logins must not push a commune's real changes out of
# its sheet's history.
ACCOUNT_OBJECTS = ("utilisateur", "invitation")


def journal_for(
    session: Session, code: str, limit: int = 50, objets: Iterable[str] | None = None
) -> list[Journal]:
    """A commune's latest journal entries (account events excepted), optionally only about
    some kinds of object."""
    stmt = select(Journal).where(Journal.code_insee == code, Journal.objet.not_in(ACCOUNT_OBJECTS))
    if objets is not None:
        stmt = stmt.where(Journal.objet.in_(list(objets)))
    return list(session.exec(stmt.order_by(Journal.id.desc()).limit(limit)).all())


def account_journal(session: Session, limit: int = 200, before: int | None = None) -> list[Journal]:
    """The latest account events, newest first (``before``: only entries older than that id)."""
    stmt = select(Journal).where(Journal.objet.in_(ACCOUNT_OBJECTS))
    if before is not None:
        stmt = stmt.where(Journal.id < before)
    return list(session.exec(stmt.order_by(Journal.id.desc()).limit(limit)).all())


def memberships_of(session: Session, code: str) -> list[Adhesion]:
    """Every membership row of a commune, active or withdrawn, oldest first."""
    stmt = select(Adhesion).where(Adhesion.code_insee == code).order_by(Adhesion.id)
    return list(session.exec(stmt).all())
