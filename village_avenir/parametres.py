"""The parameter files of ``data/parametres/``, read in one place and one way.

+------------------------+------------------------------------+--------------------------------+
| file                   | config key (path)                  | loaded as                      |
+========================+====================================+================================+
| actions.toml           | ``CATALOGUE_ACTIONS``              | :class:`CatalogueActions`      |
| besoins_diagnostic.toml| ``PARAMETRES_BESOINS_DIAGNOSTIC``  | :class:`NeedMapping`           |
| candidature.toml       | ``PARAMETRES_CANDIDATURE``         | :class:`ParametresCandidature` |
| capacites.toml         | ``PARAMETRES_CAPACITES``           | :class:`Capacites`             |
| financements.toml      | ``PARAMETRES_FINANCEMENTS``        | :class:`ParametresFinancement` |
| eligibilite.toml       | ``REGLES_ELIGIBILITE``             | :class:`RuleBook`              |
|                        | (env ``VILLAGE_AVENIR_REGLES``)    |                                |
| indicateurs.toml       | ``PARAMETRES_INDICATEURS``         | :class:`CatalogueIndicateurs`  |
| patrimoine.toml        | ``PARAMETRES_PATRIMOINE``          | :class:`ParametresPatrimoine`  |
| ponderations.toml      | ``PARAMETRES_PONDERATIONS``        | :class:`PonderationDefaut`     |
+------------------------+------------------------------------+--------------------------------+

Policy:

- **Where**: inside an application, the path is the app's config key above (tests and
  operators may point it elsewhere); without one (scripts, pure tests), or when the key is
  unset, ``data/parametres/<file>``.
- **How**: this module reads the TOML; the pure parsers of ``domain/`` check it
  (``*_from_mapping``, version block: ``domain/versions.py``). Any fault becomes
  :class:`ParametresInvalides`, a French message naming the file.
- **When**: each file is read once per process and path, then kept (the objects are frozen).
  ``create_app`` calls :func:`load_all`, so a broken file stops the start instead of a page.
  The correspondence needs–indicators is checked against both catalogues it names.
- **Reload**: :func:`reload_parametres` forgets what was read (a test that rewrites a file in
  place; an operator restarts the service after changing one).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context

from .config import DATA_DIR
from .domain.candidature import ParametresCandidature, parametres_candidature_from_mapping
from .domain.financement import ParametresFinancement, financements_from_mapping
from .domain.indicators import CatalogueIndicateurs, indicateurs_from_mapping
from .domain.patrimoine_besoin import ParametresPatrimoine, parametres_patrimoine_from_mapping
from .domain.planning import CatalogueActions, catalogue_from_mapping
from .domain.planning_costs import Capacites, capacites_from_mapping
from .domain.planning_needs import NeedMapping, correspondance_from_mapping
from .domain.ponderation import ParametresDiagnostic, PonderationDefaut, ponderation_from_mapping
from .domain.regles import RuleBook, Rules, rulebook_from_mapping

__all__ = [
    "FICHIERS",
    "ParametresInvalides",
    "load_all",
    "load_capacites",
    "load_catalogue_actions",
    "load_catalogue_indicateurs",
    "load_correspondance_besoins",
    "load_financements",
    "load_parametres",
    "load_parametres_candidature",
    "load_parametres_diagnostic",
    "load_parametres_patrimoine",
    "load_ponderation_defaut",
    "load_reglement",
    "load_regles",
    "parametres_path",
    "read_toml",
    "reload_parametres",
]

DEFAULT_DIR = DATA_DIR / "parametres"

# name → config key of its path
FICHIERS: dict[str, str] = {
    "actions": "CATALOGUE_ACTIONS",
    "besoins_diagnostic": "PARAMETRES_BESOINS_DIAGNOSTIC",
    "candidature": "PARAMETRES_CANDIDATURE",
    "capacites": "PARAMETRES_CAPACITES",
    "financements": "PARAMETRES_FINANCEMENTS",
    "eligibilite": "REGLES_ELIGIBILITE",
    "indicateurs": "PARAMETRES_INDICATEURS",
    "patrimoine": "PARAMETRES_PATRIMOINE",
    "ponderations": "PARAMETRES_PONDERATIONS",
}

_CACHE: dict[tuple[str, ...], Any] = {}


class ParametresInvalides(ValueError):
    """A parameter file is missing, not TOML, or fails its checks (message in French, naming
    the file): each file's own refusal (``ReglesInvalides``, ``CatalogueActionsInvalide``…)
    is wrapped in this one."""


def parametres_path(nom: str) -> Path:
    """The file ``nom`` (a key of :data:`FICHIERS`) the current app (or the default) reads."""
    if nom not in FICHIERS:
        raise KeyError(nom)
    configured = current_app.config.get(FICHIERS[nom]) if has_app_context() else None
    return Path(configured) if configured else DEFAULT_DIR / f"{nom}.toml"


def read_toml(path: str | Path) -> dict:
    """The parsed TOML file, or :class:`ParametresInvalides` (missing, unreadable, not TOML)."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ParametresInvalides(
            f"Fichier de paramètres {path} illisible : {exc.strerror or exc}."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ParametresInvalides(f"Fichier de paramètres {path} : TOML invalide ({exc}).") from exc


def _correspondance(data: dict) -> NeedMapping:
    cat = load_catalogue_indicateurs()
    indicators = [i.id for i in (*cat.indicateurs, *cat.contexte)]
    return correspondance_from_mapping(data, load_catalogue_actions().besoins, indicators)


_PARSERS: dict[str, Callable[[dict], Any]] = {
    "actions": catalogue_from_mapping,
    "besoins_diagnostic": _correspondance,
    "candidature": parametres_candidature_from_mapping,
    "capacites": capacites_from_mapping,
    "financements": financements_from_mapping,
    "eligibilite": rulebook_from_mapping,
    "indicateurs": indicateurs_from_mapping,
    "patrimoine": parametres_patrimoine_from_mapping,
    "ponderations": ponderation_from_mapping,
}
# Files whose check reads other files: their paths are part of the cache key.
_DEPENDANCES = {"besoins_diagnostic": ("actions", "indicateurs")}


def load_parametres(nom: str) -> Any:
    """The checked content of parameter file ``nom``, read once per process and path."""
    path = parametres_path(nom)
    key = (nom, str(path), *(str(parametres_path(d)) for d in _DEPENDANCES.get(nom, ())))
    if key not in _CACHE:
        data = read_toml(path)
        try:
            _CACHE[key] = _PARSERS[nom](data)
        except ParametresInvalides:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ParametresInvalides(f"Fichier de paramètres {path} : {exc}") from exc
    return _CACHE[key]


def reload_parametres() -> None:
    """Forget every file read: the next call reads them again."""
    _CACHE.clear()


def load_all() -> None:
    """Read and check every file now (``create_app``): a broken one stops the start."""
    for nom in FICHIERS:
        load_parametres(nom)


def load_financements() -> ParametresFinancement:
    """Funders, rates and legal rules of the financing plans (``financements.toml``)."""
    return load_parametres("financements")


def load_catalogue_actions() -> CatalogueActions:
    return load_parametres("actions")


def load_capacites() -> Capacites:
    """Reference investment capacity by population band (plan totals)."""
    return load_parametres("capacites")


def load_correspondance_besoins() -> NeedMapping:
    return load_parametres("besoins_diagnostic")


def load_parametres_candidature() -> ParametresCandidature:
    return load_parametres("candidature")


def load_reglement() -> RuleBook:
    """Every version of the eligibility rules."""
    return load_parametres("eligibilite")


def load_regles(version: str | None = None) -> Rules:
    """The eligibility rules: version ``version`` (a campaign's ``regles_version``), or the
    current one when ``version`` is None or names no version of the file."""
    book = load_reglement()
    return (book.version(version) if version else None) or book.current


def load_catalogue_indicateurs() -> CatalogueIndicateurs:
    return load_parametres("indicateurs")


def load_parametres_patrimoine() -> ParametresPatrimoine:
    """Heritage need weights and the item limit per commune (``patrimoine.toml``)."""
    return load_parametres("patrimoine")


def load_ponderation_defaut() -> PonderationDefaut:
    return load_parametres("ponderations")


def load_parametres_diagnostic() -> ParametresDiagnostic:
    """The indicator catalogue and the default weighting, as a scoring run reads them."""
    return ParametresDiagnostic(load_catalogue_indicateurs(), load_ponderation_defaut())
