"""From the diagnosis's oriented percentiles to plan needs (rule table), and the shipped
correspondence file checked against the real catalogues."""

import tomllib

import pytest

from village_avenir.domain.planning_needs import (
    NeedMapping,
    NeedMappingError,
    correspondance_from_mapping,
    honest_needs,
    needs_from_diagnosis,
)
from village_avenir.parametres import (
    load_catalogue_actions,
    load_catalogue_indicateurs,
    load_correspondance_besoins,
)

VERSION = '[version]\ncode="x"\nen_vigueur_depuis=2026-01-01\nreference="r"\n'
MAPPING = NeedMapping("t", "test", {"sante": ("d_medecin", "d_pharmacie"), "commerce": ("d_com",)})
DOMAINES = {"sante": "services", "commerce": "services"}


@pytest.mark.parametrize(
    ("oriented", "expected"),
    [
        ({"d_medecin": 80.4, "d_pharmacie": 20.0, "d_com": 55.0}, {"sante": 80, "commerce": 55}),
        ({"d_medecin": None, "d_pharmacie": 33.6}, {"sante": 34}),  # no data: other indicator
        ({"d_medecin": None, "d_pharmacie": None, "d_com": None}, {}),  # nothing known: skipped
        ({"d_com": 0.0}, {}),  # a need of 0 (lowest of the département, or a 0) proposes nothing
    ],
)
def test_intensity_is_the_strongest_known_indicator(oriented, expected):
    needs = needs_from_diagnosis(oriented, MAPPING, DOMAINES, "Diagnostic test")
    assert {n.besoin: n.intensite for n in needs} == expected
    for n in needs:
        assert n.domaine == "services" and n.source.startswith("Diagnostic test ; indicateur : ")


def test_source_names_the_deciding_indicator():
    [need] = needs_from_diagnosis({"d_medecin": 10.0, "d_pharmacie": 90.0}, MAPPING, DOMAINES, "D")
    assert need.besoin == "sante" and need.source.endswith("d_pharmacie")


def _real():
    actions = load_catalogue_actions()
    return actions, [i.id for i in load_catalogue_indicateurs().indicateurs]


def test_shipped_mapping_matches_the_real_catalogues():
    actions, _ = _real()
    mapping = load_correspondance_besoins()
    assert set(mapping.besoins) <= set(actions.besoins)
    assert {"sante", "commerce", "logements_vacants"} <= set(mapping.besoins)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (f'{VERSION}[besoins]\ninconnu=["densite"]\n', "Besoin inconnu"),
        (f'{VERSION}[besoins]\nsante=["pas_la"]\n', "inconnu"),
        ("[besoins]\nsante=[]\n", "incomplète"),
    ],
)
def test_malformed_mapping_is_refused(content, message):
    actions, indicators = _real()
    with pytest.raises(NeedMappingError, match=message):
        correspondance_from_mapping(tomllib.loads(content), actions.besoins, indicators)


# breakdown rows: [id, valeur, percentile, besoin, poids, part, contribution, annee, source,
# statut, signal]
ROWS = [
    ["d_medecin", 12.0, 80.0, 80.0, 1, 0.5, 40.0, "2024", "BPE", "classe", None],
    ["d_pharmacie", 3.0, None, None, 1, 0.0, None, "2024", "BPE", "non_classe", None],
    ["d_com", 0.0, None, None, 1, 0.0, None, "2025", "Déclaration", "seuil", False],
    ["d_autre", 4.0, None, None, 1, 0.0, None, "2025", "Déclaration", "seuil", True],
]


def test_honest_needs_use_ranked_indicators_and_reached_thresholds_only():
    needs = honest_needs(ROWS, 60)
    assert needs == {"d_medecin": 80.0, "d_pharmacie": None, "d_com": None, "d_autre": 60.0}
    # a declared 0 proposes nothing; an unranked value proposes nothing
    proposed = needs_from_diagnosis(needs, MAPPING, DOMAINES, "D")
    assert {n.besoin: n.intensite for n in proposed} == {"sante": 80}
