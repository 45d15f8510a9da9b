"""Heritage items: create, edit, delete, validate a commune's declaration (see the package
docstring for the contract)."""

from __future__ import annotations

import shapely
from shapely.geometry import Point
from sqlmodel import Session, func, select

from ...domain.patrimoine import ElementPatrimoine
from ...domain.patrimoine_saisie import PatrimoineInvalide, check_element
from ...domain.placement import PlacementInvalide, check_inside, from_lon_lat
from ...domain.roles import COMMUNE, DEPARTEMENT
from ...models import Commune, PatrimoineElement, PatrimoinePhoto, utcnow
from ...parametres import load_parametres_patrimoine
from ..audit import record
from ..courriels import messages as courriels
from ..transaction import transaction
from .communes import current_code
from .refus import ElementIntrouvable, PatrimoineConflit, PatrimoineInterdit

__all__ = [
    "create_element",
    "decide_element",
    "delete_element",
    "element_values",
    "elements_for_plans",
    "get_element",
    "list_elements",
    "update_element",
]

SUIVIS = ("nom", "type", "type_autre", "protection", "proprietaire", "etat", "usage",
          "longitude", "latitude", "notes", "cout_min", "cout_max", "date_etat", "source",
          "source_detail", "statut")  # fmt: skip


def element_values(row: PatrimoineElement) -> dict:
    """The journaled fields of an item (dates as ISO text)."""
    out = {k: getattr(row, k) for k in SUIVIS}
    if out["date_etat"] is not None:
        out["date_etat"] = out["date_etat"].isoformat()
    return out


def _commune(session: Session, code_insee: str) -> Commune:
    return session.get(Commune, current_code(session, code_insee))


def _check_author(auteur, code: str) -> None:
    role = getattr(auteur, "role", None)
    if role in DEPARTEMENT:
        return
    if role == COMMUNE and getattr(auteur, "commune_code", None) == code:
        return
    raise PatrimoineInterdit("Vous ne pouvez pas modifier l'inventaire de cette commune.")


def _check_place(commune: Commune, fields: dict) -> None:
    lon, lat = fields.get("longitude"), fields.get("latitude")
    if lon is None or lat is None:
        return
    point = from_lon_lat(lon, lat)
    if commune.geometry is None:
        raise PlacementInvalide(f"Le contour de {commune.nom} est inconnu : placement impossible.")
    check_inside(point, shapely.from_wkb(commune.geometry), commune.nom)


def _check_room(session: Session, code: str, adding: int = 1) -> None:
    maximum = load_parametres_patrimoine().elements_max
    count = session.exec(
        select(func.count())
        .select_from(PatrimoineElement)
        .where(PatrimoineElement.code_insee == code, PatrimoineElement.statut != "refuse")
    ).one()
    if count + adding > maximum:
        raise PatrimoineInvalide(
            f"L'inventaire d'une commune compte au plus {maximum} éléments ({count} déjà) : "
            "regroupez les petits éléments semblables (par exemple « murets du causse »)."
        )


def by_client_uid(session: Session, client_uid: str | None) -> PatrimoineElement | None:
    if not client_uid:
        return None
    return session.exec(
        select(PatrimoineElement).where(PatrimoineElement.client_uid == client_uid)
    ).first()


def create_element(
    session: Session,
    code_insee: str,
    data: dict,
    auteur,
    client_uid: str | None = None,
    *,
    visite_id: int | None = None,
    ref_merimee: str | None = None,
    commit: bool = True,
) -> PatrimoineElement:
    """Create an item; the same ``client_uid`` again returns the item already stored."""
    if client_uid is not None and len(client_uid) > 64:
        raise PatrimoineInvalide("Identifiant d'envoi trop long (64 caractères au plus).")
    existing = by_client_uid(session, client_uid)
    if existing is not None:
        if existing.code_insee != current_code(session, code_insee):
            raise PatrimoineInvalide("Cet envoi a déjà servi pour une autre commune.")
        return existing
    commune = _commune(session, code_insee)
    _check_author(auteur, commune.code_insee)
    fields = check_element(data)
    _check_place(commune, fields)
    _check_room(session, commune.code_insee)
    par_commune = auteur.role == COMMUNE
    if par_commune:
        fields["source"] = "declaration"
    row = PatrimoineElement(
        code_insee=commune.code_insee,
        **fields,
        ref_merimee=ref_merimee,
        visite_id=visite_id,
        client_uid=client_uid,
        statut="propose" if par_commune else "valide",
        cree_par=auteur.email,
        valide_par=None if par_commune else auteur.email,
        valide_le=None if par_commune else utcnow(),
    )
    with transaction(session, commit=commit):
        session.add(row)
        session.flush()
        record(
            session,
            qui=auteur.email,
            action="patrimoine:creation",
            objet="patrimoine_element",
            objet_id=str(row.id),
            code_insee=row.code_insee,
            apres=element_values(row),
        )
        if par_commune:
            courriels.patrimoine_declaration(session, row, commune.nom)
    return row


def get_element(session: Session, element_id: int, code_insee: str | None = None):
    row = session.get(PatrimoineElement, element_id)
    if row is None or (code_insee is not None and row.code_insee != code_insee):
        raise ElementIntrouvable()
    return row


def update_element(
    session: Session, element_id: int, data: dict, auteur, version_attendue: int | None = None
) -> PatrimoineElement:
    """Change the fields given in ``data`` (others kept). ``version_attendue``: the version
    the author read; another one means someone saved meanwhile → :class:`PatrimoineConflit`
    (nothing written). A commune edits only its own items still waiting for validation."""
    row = get_element(session, element_id)
    _check_author(auteur, row.code_insee)
    if auteur.role == COMMUNE and row.statut != "propose":
        raise PatrimoineInterdit(
            "Cet élément a déjà été examiné par le Département : demandez-lui une modification."
        )
    if version_attendue is not None and version_attendue != row.version:
        raise PatrimoineConflit(element_values(row))
    fields = check_element(data, partiel=True)
    merged = {**element_values(row), **fields}
    merged["date_etat"] = fields.get("date_etat", row.date_etat)
    check_element(merged)  # the whole item must stay consistent
    if auteur.role == COMMUNE:
        fields.pop("source", None)
    _check_place(session.get(Commune, row.code_insee), merged)
    avant = element_values(row)
    changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
    if not changed:
        return row
    with transaction(session):
        for k, v in changed.items():
            setattr(row, k, v)
        row.version += 1
        row.modifie_par, row.modifie_le = auteur.email, utcnow()
        record(
            session,
            qui=auteur.email,
            action="patrimoine:modification",
            objet="patrimoine_element",
            objet_id=str(row.id),
            code_insee=row.code_insee,
            avant={k: avant[k] for k in changed},
            apres={k: element_values(row)[k] for k in changed},
        )
    return row


def delete_element(session: Session, element_id: int, auteur, motif: str = "") -> None:
    """Delete an item (engineers) with its photo rows; the journal keeps its last values."""
    row = get_element(session, element_id)
    if auteur.role not in DEPARTEMENT:
        raise PatrimoineInterdit("Seul le Département supprime un élément de l'inventaire.")
    photos = session.exec(select(PatrimoinePhoto).where(PatrimoinePhoto.element_id == row.id)).all()
    with transaction(session):
        avant = {**element_values(row), "photos": [p.fichier for p in photos]}
        for photo in photos:
            session.delete(photo)
        session.delete(row)
        record(
            session,
            qui=auteur.email,
            action="patrimoine:suppression",
            objet="patrimoine_element",
            objet_id=str(element_id),
            code_insee=row.code_insee,
            avant=avant,
            motif=(motif or "").strip()[:2000] or None,
        )


def decide_element(session: Session, element_id: int, auteur, valide: bool, motif: str = ""):
    """An engineer validates or refuses an item declared by a commune; the commune is
    e-mailed in the same transaction."""
    row = get_element(session, element_id)
    if auteur.role not in DEPARTEMENT:
        raise PatrimoineInterdit("Seul le Département valide une déclaration de patrimoine.")
    if row.statut != "propose":
        raise PatrimoineInvalide("Cet élément n'attend pas de validation.")
    motif = (motif or "").strip()
    if len(motif) > 2000:
        raise PatrimoineInvalide("Le motif tient en 2 000 caractères au plus.")
    if not valide and len(motif) < 10:
        raise PatrimoineInvalide("Un refus exige un motif écrit (10 caractères au moins).")
    with transaction(session):
        row.statut = "valide" if valide else "refuse"
        row.valide_par, row.valide_le = auteur.email, utcnow()
        row.version += 1
        record(
            session,
            qui=auteur.email,
            action="patrimoine:" + ("validation" if valide else "refus"),
            objet="patrimoine_element",
            objet_id=str(row.id),
            code_insee=row.code_insee,
            avant={"statut": "propose"},
            apres={"statut": row.statut},
            motif=motif or None,
        )
        commune = session.get(Commune, row.code_insee)
        courriels.patrimoine_decision(session, row, commune.nom, motif)
    return row


def list_elements(
    session: Session, code_insee: str, statuts=("valide",)
) -> list[PatrimoineElement]:
    stmt = select(PatrimoineElement).where(PatrimoineElement.code_insee == code_insee)
    if statuts is not None:
        stmt = stmt.where(PatrimoineElement.statut.in_(statuts))
    return list(session.exec(stmt.order_by(PatrimoineElement.nom, PatrimoineElement.id)).all())


def as_domain(row: PatrimoineElement) -> ElementPatrimoine:
    return ElementPatrimoine(
        nom=row.nom,
        type=row.type,
        protection=row.protection,
        etat=row.etat,
        proprietaire=row.proprietaire,
        usage=row.usage,
        cout_min=row.cout_min,
        cout_max=row.cout_max,
        id=row.id,
    )


def elements_for_plans(session: Session, code_insee: str) -> list[ElementPatrimoine]:
    """The validated items of a commune, as the plan proposals read them."""
    return [as_domain(r) for r in list_elements(session, current_code(session, code_insee))]


def point_of(row: PatrimoineElement) -> Point | None:
    if row.longitude is None or row.latitude is None:
        return None
    return Point(row.longitude, row.latitude)
