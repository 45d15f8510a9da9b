"""The projet stratégique's pure rules (domain/projet.py): synthesis thresholds, stakes,
orientations, the long-term vision, fiches and follow-up statuses."""

from __future__ import annotations

from datetime import date

import pytest

from village_avenir.domain.projet import (
    FAIBLESSE,
    FORCE,
    PATRIMOINE_A_EVALUER,
    Projet,
    ProjetInvalide,
    calendrier_defaut,
    check_fiche,
    check_projet,
    check_suivi,
    propose_enjeux,
    propose_orientations,
    synthese_from_detail,
)

INDICATEURS = {
    "vacance": ("logement", "Logements vacants", "%"),
    "services": ("services", "Services à moins de 10 min", "services"),
    "pop": ("logement", "Évolution de la population", "% par an"),
}
DOMAINES = {"patrimoine": "Patrimoine", "logement": "Logement", "services": "Services"}


def row(ident, valeur, besoin, statut="classe"):
    return [ident, valeur, None, besoin, 1, 0, 0, "2021", "INSEE RP", statut]


@pytest.mark.parametrize(
    ("besoin", "forces", "faiblesses"),
    [
        (FAIBLESSE, 0, 1),  # at the weakness threshold: a weakness
        (FAIBLESSE - 1, 0, 0),  # just under: neither
        (FORCE, 1, 0),  # at the strength threshold: a strength
        (FORCE + 1, 0, 0),
        (None, 0, 0),  # no percentile: counted as assessed, no sentence
    ],
)
def test_synthesis_thresholds(besoin, forces, faiblesses):
    s = synthese_from_detail([row("vacance", 12.5, besoin)], INDICATEURS, DOMAINES)
    assert (len(s.forces), len(s.faiblesses)) == (forces, faiblesses)
    for c in s.forces + s.faiblesses:
        assert c.source == "INSEE RP, 2021" and "12,5 %" in c.texte


def test_synthesis_says_what_was_not_assessed():
    s = synthese_from_detail(
        [row("vacance", 3, 80), row("services", None, 50)], INDICATEURS, DOMAINES
    )
    assert PATRIMOINE_A_EVALUER in s.non_evalue
    assert "Services : non évalué (aucun chiffre)." in s.non_evalue
    assert not any(x.startswith("Logement") for x in s.non_evalue)
    assert "plus difficile que dans 80 %" in s.faiblesses[0].texte


def test_threshold_rows_count_as_assessed_without_a_sentence():
    s = synthese_from_detail([row("vacance", 3, None, "seuil")], INDICATEURS, DOMAINES)
    assert not s.forces and not s.faiblesses
    assert all(not x.startswith("Logement") for x in s.non_evalue)


@pytest.mark.parametrize(
    ("besoins", "n", "premier"),
    [
        (
            [("Logements vacants", 80), ("Commerce", 50), ("A", 45), ("B", 44), ("C", 43)],
            4,
            "logements vacants",
        ),  # fmt: skip  — at most 4, most intense first
        ([("Commerce", 50)], 2, "commerce"),  # one need: a second stake to write
        ([], 2, "préciser"),
    ],
)
def test_stakes_two_to_four(besoins, n, premier):
    enjeux = propose_enjeux(besoins)
    assert len(enjeux) == n and premier in enjeux[0].lower()


def test_long_term_vision_always_present():
    o = propose_orientations([("court", "Prime aux logements vacants")])
    assert set(o) == {"court", "moyen", "long"} and o["long"].startswith("Vision à dix ans")
    assert "prime aux logements vacants" in o["court"]
    with_long = propose_orientations([("long", "Lutte contre l'habitat indigne")])
    assert "lutte contre l'habitat indigne" in with_long["long"]


ORIENT = {"court": "a", "moyen": "b", "long": "c"}


@pytest.mark.parametrize(
    ("projet", "message"),
    [
        (Projet(enjeux=["x"], orientations=ORIENT), "1 enjeu"),
        (Projet(enjeux=list("abcde"), orientations=ORIENT), "5 enjeu"),
        (Projet(enjeux=["x", "y"], orientations={**ORIENT, "moyen": " "}), "moyen terme"),
        (Projet(enjeux=["x", "y"], orientations={**ORIENT, "long": ""}), "vision"),
        (Projet(enjeux=["x", "y"], orientations={**ORIENT, "long": "z" * 2001}), "2000"),
        (Projet(enjeux=["x", "y"], orientations=ORIENT, forces=["f"] * 31), "30 au plus"),
        (Projet(enjeux=["x", "y"], orientations=ORIENT, faiblesses=["f" * 2001]), "2000"),
    ],
)
def test_projet_refusals(projet, message):
    with pytest.raises(ProjetInvalide, match=message):
        check_projet(projet)


def test_projet_without_vision_but_with_its_reason_is_accepted():
    check_projet(
        Projet(
            enjeux=["x", "y", "z", "t"],
            orientations={**ORIENT, "long": ""},
            sans_long_terme="Fusion de communes en cours.",
        )
    )
    p = Projet(enjeux=["x", "y"], orientations=ORIENT)
    assert Projet.from_dict(p.as_dict()) == p


@pytest.mark.parametrize(
    ("horizon", "texte"),
    [("court", "2027 – 2029"), ("moyen", "2029 – 2032"), ("long", "2032 – 2037 et au-delà")],
)
def test_calendar_by_horizon(horizon, texte):
    assert calendrier_defaut(horizon, 2027) == texte


def test_fiche_needs_objective_calendar_indicator():
    check_fiche("o", "2027", "i", ["ANAH"])
    for args, msg in (
        (("", "c", "i", []), "objectif"),
        (("o", "", "i", []), "calendrier"),
        (("o", "c", "", []), "indicateur"),
        (("o", "c", "i", ["p"] * 21), "20"),
    ):
        with pytest.raises(ProjetInvalide, match=msg):
            check_fiche(*args)


TODAY, VALIDE = date(2027, 6, 1), date(2026, 12, 7)


@pytest.mark.parametrize(
    ("statut", "quand", "motif", "message"),
    [
        ("engagee", TODAY, "", None),
        ("realisee", VALIDE, "", None),  # the validation day itself
        ("abandonnee", TODAY, "Financement refusé", None),
        ("abandonnee", TODAY, " ", "pourquoi"),
        ("engagee", date(2027, 6, 2), "", "futur"),
        ("engagee", date(2026, 12, 6), "", "précède la validation"),
        ("prete", TODAY, "", "inconnu"),
    ],
)
def test_follow_up_status(statut, quand, motif, message):
    if message is None:
        check_suivi(statut, quand, motif, TODAY, VALIDE)
    else:
        with pytest.raises(ProjetInvalide, match=message):
            check_suivi(statut, quand, motif, TODAY, VALIDE)


@pytest.mark.parametrize(
    ("valide", "counts", "attendu"),
    [
        (False, {"prevue": 3}, "preparation"),
        (True, {"prevue": 3}, "valide"),
        (True, {"prevue": 2, "engagee": 1}, "engage"),
        (True, {"prevue": 3, "realisee": 1}, "engage"),  # 1 of 4 realised: under half
        (True, {"prevue": 2, "realisee": 2}, "moitie"),  # exactly half
        (True, {"realisee": 2, "abandonnee": 2}, "acheve"),  # abandoned actions are closed
        (True, {"abandonnee": 2}, "acheve"),
        (True, {"realisee": 1, "abandonnee": 1, "prevue": 1}, "moitie"),
        (True, {}, "valide"),
    ],
)
def test_plan_progress_category(valide, counts, attendu):
    from village_avenir.domain.projet import AVANCEMENTS, avancement

    assert avancement(valide, counts) == attendu and attendu in AVANCEMENTS
