"""The loader of the parameter files: one version format, paths, cache, reload, errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from village_avenir import create_app, parametres
from village_avenir.domain.versions import parse_version
from village_avenir.parametres import (
    DEFAULT_DIR,
    FICHIERS,
    ParametresInvalides,
    load_catalogue_actions,
    load_parametres,
    load_regles,
    parametres_path,
    read_toml,
    reload_parametres,
)

NOMS = sorted(FICHIERS)


def _app(tmp_path: Path, **paths: Path):
    """An app (in-memory SQLite) whose config points the named files to ``paths``."""
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"}
    config.update({FICHIERS[nom]: str(path) for nom, path in paths.items()})
    return create_app(config)


def _copy(tmp_path: Path, nom: str, edit=lambda text: text) -> Path:
    path = tmp_path / f"{nom}.toml"
    path.write_text(edit((DEFAULT_DIR / f"{nom}.toml").read_text(encoding="utf-8")), "utf-8")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache():
    reload_parametres()
    yield
    reload_parametres()


def test_the_loader_knows_every_file_of_the_folder():
    assert {p.stem for p in DEFAULT_DIR.glob("*.toml")} == set(FICHIERS)


@pytest.mark.parametrize("nom", NOMS)
def test_every_parameter_file_dates_its_versions_in_the_one_format(nom):
    data = read_toml(DEFAULT_DIR / f"{nom}.toml")
    blocks = data["versions"] if nom == "eligibilite" else [data["version"]]
    assert blocks
    for block in blocks:
        assert "date" not in block and "en_vigueur_depuis" in block, (nom, block)
        parse_version(block)  # code, en_vigueur_depuis (a TOML date), reference
    assert not re.search(r"^date\s*=", (DEFAULT_DIR / f"{nom}.toml").read_text(), re.M) or (
        nom == "eligibilite"  # its [[listes]] are dated lists (date of publication), not versions
    )


@pytest.mark.parametrize("nom", NOMS)
def test_the_other_spelling_is_refused_in_french_naming_the_file(tmp_path, nom):
    path = _copy(tmp_path, nom, lambda t: t.replace("en_vigueur_depuis =", "date =", 1))
    with pytest.raises(ParametresInvalides) as err:
        _app(tmp_path, **{nom: path})
    message = str(err.value)
    assert (
        str(path) in message and "« en_vigueur_depuis = AAAA-MM-JJ », pas « date = … »" in message
    )


def test_without_an_app_the_shipped_files_are_read():
    assert parametres_path("actions") == DEFAULT_DIR / "actions.toml"
    assert (
        load_catalogue_actions().version
        == read_toml(DEFAULT_DIR / "actions.toml")["version"]["code"]
    )


def test_the_config_key_points_to_another_file(tmp_path):
    path = _copy(
        tmp_path, "eligibilite", lambda t: t.replace('code = "2023-01"', 'code = "2099-09"')
    )
    shipped = load_regles().version
    with _app(tmp_path, eligibilite=path).app_context():
        assert parametres_path("eligibilite") == path
        assert load_regles().version == "2099-09"
    assert load_regles().version == shipped == "2023-01"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (None, "2023-01"),  # no campaign: the current rules
        ("2021-01", "2021-01"),  # a campaign names a past session's rules
        ("2024-01", "2024-01"),
        ("1999-01", "2023-01"),  # a version the file no longer holds: the current rules
    ],
)
def test_load_regles_gives_the_version_a_campaign_names(version, expected):
    assert load_regles(version).version == expected


def test_a_file_is_read_once_then_reread_after_reload(tmp_path):
    path = _copy(tmp_path, "candidature")
    app = _app(tmp_path, candidature=path)
    with app.app_context():
        first = load_parametres("candidature")
        assert load_parametres("candidature") is first
        path.write_text(path.read_text("utf-8").replace('code = "2021-01"', 'code = "2021-02"'))
        assert load_parametres("candidature").version == "2021-01"  # kept until reloaded
        reload_parametres()
        assert load_parametres("candidature").version == "2021-02"


def test_the_correspondence_is_checked_against_the_catalogues_the_app_reads(tmp_path):
    signal = (
        'nouveau = [{ indicateur = "taux_vacance", reference = "lot", retenu = 1.2, '
        'prioritaire = 1.6, raison = "r" }]\n'
    )
    mapping = _copy(tmp_path, "besoins_diagnostic", lambda t: t + signal)
    with pytest.raises(
        ParametresInvalides, match="Besoin inconnu du catalogue d'actions : « nouveau »"
    ):
        _app(tmp_path, besoins_diagnostic=mapping)
    actions = _copy(
        tmp_path,
        "actions",
        lambda t: t.replace(
            "[besoins]\n", '[besoins]\nnouveau = { domaine = "services", libelle = "Nouveau" }\n', 1
        ),
    )
    with _app(tmp_path, besoins_diagnostic=mapping, actions=actions).app_context():
        assert parametres.load_correspondance_besoins().besoins["nouveau"] == ("taux_vacance",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "illisible"),
        ("code = = 1", "TOML invalide"),
        ("[version]\n", "Bloc \\[version\\] incomplet"),
    ],
)
def test_a_missing_or_broken_file_stops_the_start_in_french(tmp_path, content, message):
    path = tmp_path / "indicateurs.toml"
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(ParametresInvalides, match=message) as err:
        _app(tmp_path, indicateurs=path)
    assert str(path) in str(err.value)


def test_the_shipped_files_load_through_create_app(tmp_path):
    for nom in NOMS:
        shutil.copy(DEFAULT_DIR / f"{nom}.toml", tmp_path / f"{nom}.toml")
    app = _app(tmp_path, **{nom: tmp_path / f"{nom}.toml" for nom in NOMS})
    with app.app_context():
        assert {nom: parametres_path(nom) for nom in NOMS} == {
            n: tmp_path / f"{n}.toml" for n in NOMS
        }
        assert parametres.load_correspondance_besoins().bonus == 5
        assert parametres.load_capacites().tranche(65).euros_par_habitant_an == 500
        assert parametres.load_parametres_diagnostic().version.startswith("defaut-")
