"""The instruction state machine: the full rule table, roles, motivations, final states."""

import itertools

import pytest

from village_avenir.domain import workflow as wf

# The expected table, written independently of the module: (source, target) -> role.
EXPECTED = {
    ("brouillon", "deposee"): "commune",
    ("deposee", "en_instruction"): "ingenieur",
    ("deposee", "classee_sans_suite"): "ingenieur",
    ("en_instruction", "complement_demande"): "ingenieur",
    ("complement_demande", "completee"): "commune",
    ("complement_demande", "classee_sans_suite"): "ingenieur",
    ("completee", "complement_demande"): "ingenieur",
    ("completee", "en_instruction"): "ingenieur",
    ("en_instruction", "retenue"): "ingenieur",
    ("en_instruction", "non_retenue"): "ingenieur",
    ("en_instruction", "classee_sans_suite"): "ingenieur",
    ("completee", "retenue"): "ingenieur",
    ("completee", "non_retenue"): "ingenieur",
    ("completee", "classee_sans_suite"): "ingenieur",
}
NEEDS_MOTIF = {"complement_demande", "retenue", "non_retenue", "classee_sans_suite"}


@pytest.mark.parametrize(
    ("source", "target", "role"),
    list(itertools.product(wf.ETATS, wf.ETATS, ["commune", "ingenieur", "admin"])),
)
def test_every_pair_and_role_follows_the_table(source, target, role):
    expected_role = EXPECTED.get((source, target))
    acting = "ingenieur" if role == "admin" else role
    if expected_role is not None and expected_role == acting:
        t = wf.check_transition(source, target, role, motif="Motif détaillé")
        assert (t.source, t.cible) == (source, target)
        assert t.motif_requis is (target in NEEDS_MOTIF)
    else:
        with pytest.raises(wf.TransitionInvalide) as exc:
            wf.check_transition(source, target, role, motif="Motif détaillé")
        assert "«" in str(exc.value)  # French message naming the states


@pytest.mark.parametrize("target", sorted(NEEDS_MOTIF - {"complement_demande"}))
def test_a_decision_needs_a_motivation(target):
    with pytest.raises(wf.TransitionInvalide, match="motivation"):
        wf.check_transition("en_instruction", target, "ingenieur", motif="   ")


def test_a_complement_request_needs_a_message():
    with pytest.raises(wf.TransitionInvalide, match="message à la commune"):
        wf.check_transition("en_instruction", "complement_demande", "ingenieur")


def test_final_states_are_final_with_a_clear_message():
    for state in wf.FINAL_STATES:
        assert wf.allowed_transitions(state, "ingenieur") == []
        with pytest.raises(wf.TransitionInvalide, match="décision est prise"):
            wf.check_transition(state, "en_instruction", "ingenieur", "x")


def test_wrong_role_is_told_so():
    with pytest.raises(wf.TransitionInvalide, match="Votre rôle"):
        wf.check_transition("brouillon", "deposee", "ingenieur")
    with pytest.raises(wf.TransitionInvalide, match="Votre rôle"):
        wf.check_transition("deposee", "en_instruction", "commune")


def test_unknown_state_is_refused():
    with pytest.raises(wf.TransitionInvalide, match="inconnu"):
        wf.check_transition("brouillon", "acceptee", "commune")


def test_allowed_transitions_per_role():
    assert [t.cible for t in wf.allowed_transitions("brouillon", "commune")] == ["deposee"]
    assert wf.allowed_transitions("brouillon", "ingenieur") == []
    cibles = {t.cible for t in wf.allowed_transitions("en_instruction", "admin")}
    assert cibles == {"complement_demande", "retenue", "non_retenue", "classee_sans_suite"}


def test_commune_edits_only_drafts_and_requested_complements():
    assert wf.EDITABLE_BY_COMMUNE == {"brouillon", "complement_demande"}
    assert set(wf.ETATS) == {s for pair in EXPECTED for s in pair}
