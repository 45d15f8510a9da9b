"""The heritage inventory's use cases (issue 22). Every write is one transaction, journaled
(``audit.record``, before/after), e-mails queued in it.

Contract for the visit page (i22-visite) and the plans (i21):

- ``create_element(session, code_insee, data, auteur, client_uid=None, *, visite_id=None)``
  → ``PatrimoineElement``. ``data`` is a dict of raw fields (strings from a form or JSON, or
  Python values): ``nom``, ``type`` (required), ``type_autre``, ``protection``,
  ``proprietaire``, ``etat``, ``usage``, ``longitude``/``latitude`` (WGS84, both or none,
  checked inside the commune, 50 m tolerance), ``notes``, ``cout_min``/``cout_max`` (euros),
  ``date_etat`` (the day the state was seen), ``source`` (``SOURCES`` code: ``visite`` for a
  visit), ``source_detail``. Codes or French labels of ``domain/patrimoine.py`` are accepted.
  ``auteur`` is the account (``Utilisateur`` or any object with ``email``, ``role``,
  ``commune_code``): Département staff create valid items, a commune account creates a
  declaration (``statut="propose"``, engineers e-mailed). Idempotent on ``client_uid``: the
  same uid again returns the stored item, nothing doubled.
- ``update_element(session, element_id, data, auteur, version_attendue=None)``: only the keys
  of ``data`` change; a stale ``version_attendue`` raises :class:`PatrimoineConflit` (its
  ``actuel`` holds the saved values), nothing written.
- ``create_visite(session, code_insee, data, auteur, client_uid=None)``: ``data`` =
  ``date_visite``, ``participants`` (codes of ``PARTICIPANTS``), ``notes``; idempotent on
  ``client_uid``.
- ``elements_for_plans(session, code_insee) -> list[ElementPatrimoine]``: validated items only.
- ``besoins_patrimoine(session)``: ``code → BesoinPatrimoine`` for the diagnostic.

Refusals: ``PatrimoineInvalide`` (400), ``PatrimoineInterdit`` (403), ``ElementIntrouvable``
(404), ``PatrimoineConflit`` (409), ``PlacementInvalide`` (400, a point outside the commune).
The item limit per commune is ``elements_max`` of ``data/parametres/patrimoine.toml``.

The on-site visit sent from a phone (i22-visite): ``synchronisation`` stores a visit, an item and its
photos once per ``client_uid`` (``record_visite``, ``record_element``), ``photos`` checks and
re-encodes the photo files, ``releves`` reads a commune's visits for the visit pages.
"""

from __future__ import annotations

from .besoins import besoins_patrimoine
from .elements import (
    as_domain,
    create_element,
    decide_element,
    delete_element,
    element_values,
    elements_for_plans,
    get_element,
    list_elements,
    update_element,
)
from .imports import PatrimoineImportReport, import_inventaire, import_merimee
from .refus import (
    Auteur,
    ElementIntrouvable,
    PatrimoineConflit,
    PatrimoineInterdit,
    PatrimoineInvalide,
)
from .visites import create_visite, get_visite, list_visites

__all__ = [
    "Auteur",
    "ElementIntrouvable",
    "PatrimoineConflit",
    "PatrimoineInterdit",
    "PatrimoineInvalide",
    "PatrimoineImportReport",
    "as_domain",
    "besoins_patrimoine",
    "create_element",
    "create_visite",
    "decide_element",
    "delete_element",
    "element_values",
    "elements_for_plans",
    "get_element",
    "get_visite",
    "import_inventaire",
    "import_merimee",
    "list_elements",
    "list_visites",
    "update_element",
]
