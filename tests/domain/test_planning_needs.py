"""Needs from the size of a commune's figures: the intensity rule, one test per shipped
reference and threshold, the conditions, the Lot's rate and band medians, the file checks."""

import tomllib

import pytest

from village_avenir.domain.planning_needs import (
    CorrespondanceInvalide,
    References,
    band_medians,
    correspondance_from_mapping,
    intensity,
    lot_rate,
    needs_from_figures,
)
from village_avenir.parametres import (
    load_catalogue_actions,
    load_catalogue_indicateurs,
    load_correspondance_besoins,
)

MAPPING = load_correspondance_besoins()
CATALOGUE = load_catalogue_actions()
DOMAINES = {c: b.domaine for c, b in CATALOGUE.besoins.items()}
# made-up references: every "lot" rate 10, every band median 8 (the rule, not the data)
REFS = References(
    {s.indicateur: 10.0 for s in MAPPING.signaux},
    {s.indicateur: 8.0 for s in MAPPING.signaux},
    "200 à 499 habitants",
)


@pytest.mark.parametrize(
    ("value", "retenu", "prioritaire", "sens", "expected"),
    [
        (11.9, 12, 16, "+", 0),  # under the retained threshold: no need
        (12, 12, 16, "+", 40),  # at it: 40
        (14, 12, 16, "+", 55),  # halfway: 55
        (16, 12, 16, "+", 70),  # at the priority threshold: 70
        (18, 12, 16, "+", 85),
        (20, 12, 16, "+", 100),  # one more step: 100
        (99, 12, 16, "+", 100),  # capped
        (-0.2, -0.3, -1.3, "-", 0),  # « - »: lower is worse
        (-0.3, -0.3, -1.3, "-", 40),
        (-1.3, -0.3, -1.3, "-", 70),
        (0.0, 4.0, 0.0, "-", 70),  # none at all where peers have some: priority
        (5, 5, 5, "+", 70),  # equal thresholds
        (1, 1, 3, "+", 40),  # a declared value weighs by its size: 1 lost service…
        (2, 1, 3, "+", 55),
        (3, 1, 3, "+", 70),  # … 3 weigh more
    ],
)
def test_intensity_follows_the_size_of_the_figure(value, retenu, prioritaire, sens, expected):
    assert intensity(value, retenu, prioritaire, sens) == expected


def _at(signal, where: str) -> float:
    ref = REFS.value(signal.reference, signal.indicateur)
    lo, hi = signal.retenu * ref, signal.prioritaire * ref
    if where == "sous":
        step = abs(hi - lo) or 1.0
        return lo - 0.01 * step if signal.sens == "+" else lo + 0.01 * step
    return lo if where == "retenu" else hi


@pytest.mark.parametrize("signal", MAPPING.signaux, ids=lambda s: f"{s.besoin}-{s.indicateur}")
@pytest.mark.parametrize(
    ("where", "expected"), [("sous", None), ("retenu", 40), ("prioritaire", 70)]
)
def test_each_shipped_threshold(signal, where, expected):
    """A test per reference and threshold of besoins_diagnostic.toml, the indicator alone."""
    value = _at(signal, where)
    needs = needs_from_figures({signal.indicateur: value}, REFS, MAPPING, DOMAINES, "T")
    got = {n.besoin: n for n in needs}.get(signal.besoin)
    if expected is None:
        assert got is None
        return
    assert got is not None and got.intensite == expected
    assert got.domaine == DOMAINES[signal.besoin]
    (preuve,) = got.preuves
    assert "seuil retenu" in preuve and got.source.startswith("T ; ")
    if signal.reference == "lot":
        assert "taux du Lot : 10" in preuve
    if signal.reference == "tranche":
        assert "médiane des communes de même taille (200 à 499 habitants) : 8" in preuve
    assert signal.raison.strip()


def test_no_vacancy_need_under_the_lots_rate_whatever_else_says():
    values = {"taux_vacance": 9.9, "logements_vacants_declares": 20.0}
    assert not needs_from_figures(values, REFS, MAPPING, DOMAINES, "T")
    values["taux_vacance"] = 12.0  # 1.2 × the Lot's rate: retained, declared one adds a bonus
    (need,) = needs_from_figures(values, REFS, MAPPING, DOMAINES, "T")
    # declared 20 (5 → 40, 15 → 70, one step more → 100): 85, plus the bonus of the rate
    assert need.besoin == "logements_vacants" and need.intensite == 85 + MAPPING.bonus
    assert len(need.preuves) == 2


def test_second_signal_adds_the_bonus_to_the_strongest():
    values = {"distance_france_services": 10.0, "distance_poste": 8.0}
    (need,) = needs_from_figures(values, REFS, MAPPING, DOMAINES, "T")
    assert need.intensite == 40 + MAPPING.bonus


def test_the_engineers_assessment_maps_to_communal_heritage_not_to_protected_monuments():
    (need,) = needs_from_figures({"etat_patrimoine": 3.0}, REFS, MAPPING, DOMAINES, "T")
    assert (need.besoin, need.intensite) == ("patrimoine_bati", 70)
    protected = dict(MAPPING.besoins)["patrimoine_protege"]
    assert protected == ("monuments_historiques",)


def test_an_unknown_reference_leaves_the_signal_silent():
    refs = References({}, {})
    assert not needs_from_figures({"taux_vacance": 50.0}, refs, MAPPING, DOMAINES, "T")


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(1, 10), (9, 10)], 50.0),
        ([(1, 10), (90, 100)], 91 / 110 * 100),  # the aggregate, not the mean of rates
        ([], None),
        ([(0, 0)], None),
    ],
)
def test_lot_rate_is_the_aggregate(pairs, expected):
    got = lot_rate(pairs)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_band_medians_group_communes_by_population_band():
    values = {"a": {"x": 1.0}, "b": {"x": 3.0}, "c": {"x": 100.0}, "d": {"x": 7.0}}
    pops = {"a": 50, "b": 150, "c": 600, "d": None}
    assert band_medians(values, pops) == {"0-199": {"x": 2.0}, "500-999": {"x": 100.0}}


def _real():
    cat = load_catalogue_indicateurs()
    return CATALOGUE, [i.id for i in (*cat.indicateurs, *cat.contexte)]


VERSION = '[version]\ncode="x"\nen_vigueur_depuis=2026-01-01\nreference="r"\n'
OK = 'indicateur="taux_vacance", reference="lot", retenu=1.2, prioritaire=1.6, raison="r"'
NO_REASON = OK.replace('raison="r"', 'raison=" "')
UNKNOWN = OK.replace("taux_vacance", "pas_la")
REGION = OK.replace('"lot"', '"region"')


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (f"{VERSION}[besoins]\ninconnu=[{{{OK}}}]\n", "Besoin inconnu"),
        (f"{VERSION}[besoins]\nsante=[{{{UNKNOWN}}}]\n", "inconnu"),
        (f"{VERSION}[besoins]\nsante=[{{{REGION}}}]\n", "Référence"),
        (f"{VERSION}[besoins]\nsante=[{{{NO_REASON}}}]\n", "raison"),
        (f"{VERSION}[besoins]\nsante=[{{{OK}, sens='x'}}]\n", "Sens"),
        (f'{VERSION}[besoins]\nsante=[{{indicateur="taux_vacance"}}]\n', "incomplète"),
        (f"[besoins]\nsante=[{{{OK}}}]\n", "incomplète"),
    ],
)
def test_malformed_mapping_is_refused(content, message):
    actions, indicators = _real()
    with pytest.raises(CorrespondanceInvalide, match=message):
        correspondance_from_mapping(tomllib.loads(content), actions.besoins, indicators)


def test_shipped_mapping_matches_the_real_catalogues():
    mapping = load_correspondance_besoins()
    assert set(mapping.besoins) <= set(CATALOGUE.besoins)
    assert {"sante", "commerce", "logements_vacants", "declin_demographique"} <= set(
        mapping.besoins
    )
    assert mapping.conditions["logements_vacants"].reference == "lot"
