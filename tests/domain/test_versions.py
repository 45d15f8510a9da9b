"""The one version block format of the parameter files (rule table of parse_version)."""

from datetime import date, datetime

import pytest

from village_avenir.domain.versions import VersionInvalide, VersionParametres, parse_version

GOOD = {"code": "2026-11-30", "en_vigueur_depuis": date(2026, 11, 30), "reference": "Issue 16"}


def test_a_well_formed_block_gives_its_three_fields():
    assert parse_version(GOOD) == VersionParametres("2026-11-30", date(2026, 11, 30), "Issue 16")


def test_extra_fields_of_a_rules_version_are_left_to_its_parser():
    block = {**GOOD, "date_appreciation": date(2021, 2, 15), "listes": {"pvd": "pvd-2021-01"}}
    assert parse_version(block, "[[versions]]").code == "2026-11-30"


@pytest.mark.parametrize(
    ("block", "message"),
    [
        # the other spelling, alone or beside the right one
        (
            {"code": "x", "date": date(2026, 1, 1), "reference": "r"},
            "s'écrit « en_vigueur_depuis = AAAA-MM-JJ », pas « date = … »",
        ),
        ({**GOOD, "date": date(2026, 1, 1)}, "pas « date = … »"),
        (None, "Bloc \\[version\\] manquant"),
        ("2026-11-30", "Bloc \\[version\\] manquant"),
        ({"code": "x", "reference": "r"}, "incomplet : champ\\(s\\) en_vigueur_depuis manquant"),
        ({"en_vigueur_depuis": date(2026, 1, 1)}, "champ\\(s\\) code, reference manquant"),
        ({**GOOD, "en_vigueur_depuis": "2026-11-30"}, "doit être une date sans guillemets"),
        ({**GOOD, "en_vigueur_depuis": datetime(2026, 11, 30, 8)}, "date sans guillemets"),
        ({**GOOD, "code": 12}, "« code » doit être un texte non vide"),
        ({**GOOD, "code": "  "}, "« code » doit être un texte non vide"),
        ({**GOOD, "reference": ""}, "« reference » doit être un texte non vide"),
    ],
)
def test_a_malformed_block_is_refused_in_french(block, message):
    with pytest.raises(VersionInvalide, match=message):
        parse_version(block)


def test_the_message_names_the_block():
    with pytest.raises(VersionInvalide, match="^Bloc \\[\\[versions\\]\\] :"):
        parse_version({**GOOD, "date": date(2026, 1, 1)}, "[[versions]]")


@pytest.mark.parametrize(
    ("versions", "bloc"),
    [
        ({"versions": [{**GOOD, "date": date(2021, 1, 1)}]}, "[[versions]]"),
        ({"version": {**GOOD, "date": date(2021, 1, 1)}}, "[version]"),  # older one-version file
    ],
)
def test_the_eligibility_rules_refuse_the_other_spelling_naming_their_block(versions, bloc):
    from village_avenir.domain.eligibilite import ReglesInvalides, rules_from_mapping

    data = {
        "niveaux_preuve": {"officiel": {"libelle": "x", "certain": True}},
        "dispositifs": [{"code": "pvd", "libelle": "PVD", "reference": "r"}],
        **versions,
    }
    with pytest.raises(ReglesInvalides) as err:
        rules_from_mapping(data)
    assert str(err.value).startswith(f"Fichier de règles : Bloc {bloc} : la date de la version")
    del (data.get("versions") or [data["version"]])[0]["date"]
    assert rules_from_mapping(data).en_vigueur_depuis == GOOD["en_vigueur_depuis"]
