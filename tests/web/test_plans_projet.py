"""Projet stratégique services: projet texts, fiches with financing, validation (frozen, mayor
e-mailed), deliberation, follow-up statuses (engineer and commune), yearly review, timeline."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from tests.conftest import USERS
from tests.pdfs import minimal_pdf
from village_avenir.db import get_session
from village_avenir.domain.financement import FinancementInvalide
from village_avenir.domain.planning import Need
from village_avenir.domain.projet import PATRIMOINE_A_EVALUER, Projet, ProjetInvalide
from village_avenir.models import Courriel, Journal, PlanSuivi, PlanVersion
from village_avenir.parametres import load_catalogue_actions, load_financements
from village_avenir.services import plans as sp
from village_avenir.services.candidatures import pieces
from village_avenir.services.plans import fiches, suivi, validation

CAT = load_catalogue_actions()
FIN = load_financements()
CODE = "46001"
ING = USERS["ingenieur"][0]
MAIRE = USERS["commune"][0]
NEEDS = [
    Need("logement", "logements_vacants", 80, "visite du 12/11/2026"),
    Need("services", "commerce", 50, "visite du 12/11/2026"),
]


@pytest.fixture
def session(users_app):
    with users_app.app_context():
        yield get_session()


@pytest.fixture
def diag_session(diag_users_app):
    """A session on the Lot with the shipped figures and a first snapshot, as `flask init-db`."""
    with diag_users_app.app_context():
        yield get_session()


def _plan(session):
    return sp.propose(session, CODE, NEEDS, CAT, qui=ING)


def _count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def test_without_figures_the_domains_are_said_not_assessed(session):
    projet, _ = fiches.effective_projet(session, _plan(session), CAT)
    if not (projet.forces or projet.faiblesses):  # a base without the shipped indicators
        assert PATRIMOINE_A_EVALUER in projet.non_evalue
        assert any(s.startswith("Logement : non évalué") for s in projet.non_evalue)


def test_proposed_projet_has_synthesis_stakes_and_a_long_term_vision(diag_session):
    session = diag_session
    v = _plan(session)
    projet, written = fiches.effective_projet(session, v, CAT)
    assert not written
    assert 2 <= len(projet.enjeux) <= 4
    assert "logements vacants" in projet.enjeux[0].lower()
    assert set(projet.orientations) == {"court", "moyen", "long"}
    assert projet.orientations["long"].startswith("Vision")
    # every sentence of the synthesis names its source
    assert all("source :" in s for s in projet.forces + projet.faiblesses)
    assert projet.forces or projet.faiblesses
    if PATRIMOINE_A_EVALUER not in projet.non_evalue:
        assert not any("Patrimoine" in s for s in projet.non_evalue)


def test_save_projet_refuses_one_stake_and_writes_nothing(session):
    v = _plan(session)
    before = _count(session, PlanVersion)
    bad = Projet(enjeux=["Un seul"], orientations={"court": "a", "moyen": "b", "long": "c"})
    with pytest.raises(ProjetInvalide, match="de 2 à 4"):
        fiches.save_projet(session, CODE, bad, qui=ING, version_attendue=v.numero)
    assert _count(session, PlanVersion) == before
    good = Projet(
        enjeux=["A", "B"],
        orientations={"court": "a", "moyen": "b", "long": ""},
        sans_long_terme="Commune en fusion au 1er janvier : vision commune à écrire.",
    )
    new = fiches.save_projet(session, CODE, good, qui=ING, version_attendue=v.numero)
    assert json.loads(new.projet)["enjeux"] == ["A", "B"]
    with pytest.raises(sp.PlanConflit):
        fiches.save_projet(session, CODE, good, qui=ING, version_attendue=v.numero)


def test_fiche_financing_must_respect_the_minimum_share(session):
    v = _plan(session)
    cle = sp.actions_of(session, v)[0].cle
    args = dict(
        objectif="Remettre 5 logements sur le marché",
        porteur="Commune",
        partenaires=["ANAH"],
        calendrier="2027",
        indicateur="Logements remis",
        derogation="",
        financements=FIN,
        qui=ING,
    )
    before = _count(session, PlanVersion)
    with pytest.raises(FinancementInvalide, match="minimum légal de 20 %"):
        fiches.update_fiche(
            session,
            CODE,
            cle,
            lignes=[("detr", 50), ("departement", 40)],
            version_attendue=v.numero,
            **args,
        )
    assert _count(session, PlanVersion) == before
    new = fiches.update_fiche(
        session,
        CODE,
        cle,
        lignes=[("detr", 40), ("departement", 40)],
        version_attendue=v.numero,
        **args,
    )
    row = next(a for a in sp.actions_of(session, new) if a.cle == cle)
    fiche, plan = fiches.effective_fiche(row, FIN, 2026)
    assert fiche["objectif"] == "Remettre 5 logements sur le marché" and plan.valide
    assert plan.total == plan.montant
    entry = session.exec(select(Journal).where(Journal.action == "plan:fiche")).one()
    assert "objectif" in entry.apres


def test_validation_freezes_a_new_version_and_emails_the_mayor(session):
    v = _plan(session)
    new = validation.validate(session, CODE, CAT, FIN, qui=ING, version_attendue=v.numero)
    assert new.numero == v.numero + 1 and new.validee_le and new.validee_par == ING
    assert json.loads(new.projet)["enjeux"]
    assert all(a.objectif and a.financement for a in sp.actions_of(session, new))
    mails = session.exec(select(Courriel).where(Courriel.genre == "projet_valide")).all()
    assert [m.destinataire for m in mails] == [MAIRE]
    assert f"/communes/{CODE}/plan/versions/{new.numero}/projet.pdf" in mails[0].texte
    with pytest.raises(sp.PlanInvalide, match="déjà validée"):
        validation.validate(session, CODE, CAT, FIN, qui=ING)
    # a later change makes a new, non-validated version; the validated one stays as it was
    later = sp.move_action(session, CODE, sp.actions_of(session, new)[0].cle, "long", qui=ING)
    assert later.validee_le is None
    assert validation.last_validated(session, CODE).numero == new.numero


def test_deliberation_only_on_a_validated_version_and_checked(session):
    v = _plan(session)
    with pytest.raises(ProjetInvalide, match="version validée"):
        validation.attach_deliberation(session, CODE, v.numero, minimal_pdf(), "d.pdf", qui=MAIRE)
    new = validation.validate(session, CODE, CAT, FIN, qui=ING)
    with pytest.raises(pieces.PieceRefusee):
        validation.attach_deliberation(session, CODE, new.numero, b"<html>", "d.pdf", qui=MAIRE)
    assert session.get(PlanVersion, new.id).deliberation_fichier is None
    done = validation.attach_deliberation(
        session, CODE, new.numero, minimal_pdf(), "délib.hta", qui=MAIRE
    )
    assert done.deliberation_nom == "délib.pdf" and pieces.is_stored(done.deliberation_fichier)
    assert session.exec(select(Courriel).where(Courriel.genre == "deliberation_plan")).first()


def test_follow_up_engineer_commune_and_review(session):
    _plan(session)
    v = validation.validate(session, CODE, CAT, FIN, qui=ING)
    cle = sp.actions_of(session, v)[0].cle
    today = date.today()
    with pytest.raises(ProjetInvalide, match="pourquoi"):
        suivi.set_statut(session, CODE, cle, "abandonnee", today, "", qui=ING, par_commune=False)
    with pytest.raises(ProjetInvalide, match="futur"):
        suivi.set_statut(
            session, CODE, cle, "engagee", today + timedelta(days=2), "", qui=ING, par_commune=False
        )
    e = suivi.set_statut(
        session, CODE, cle, "engagee", today, "", qui=ING, par_commune=False, attendu=0
    )
    assert suivi.statuts(session, CODE)[cle].statut == "engagee"
    with pytest.raises(sp.PlanConflit):
        suivi.set_statut(
            session, CODE, cle, "realisee", today, "", qui=ING, par_commune=False, attendu=0
        )
    p = suivi.set_statut(
        session, CODE, cle, "realisee", today, "", qui=MAIRE, par_commune=True, attendu=e.id
    )
    assert suivi.statuts(session, CODE)[cle].statut == "engagee"  # not yet accepted
    assert [x.id for x in suivi.pending(session, CODE)] == [p.id]
    with pytest.raises(ProjetInvalide):
        suivi.decide_statut(session, CODE, p.id, False, "", qui=ING)
    suivi.decide_statut(session, CODE, p.id, True, "", qui=ING)
    assert suivi.statuts(session, CODE)[cle].statut == "realisee"
    assert session.get(PlanSuivi, p.id).decide_par == ING
    revue = suivi.record_revue(
        session, CODE, today.year, "Première année : une action réalisée.", qui=ING
    )
    assert json.loads(revue.comptes)["realisee"] == 1
    with pytest.raises(sp.PlanConflit):
        suivi.record_revue(session, CODE, today.year, "Encore", qui=ING)
    steps = [t for _, t in suivi.timeline(session, CODE)]
    assert steps[0].startswith("Projet stratégique validé")
    assert any("réalisée" in s for s in steps) and f"Revue annuelle {today.year}" in steps
    genres = [c.genre for c in session.exec(select(Courriel)).all()]
    assert genres.count("statut_plan") == 3  # engineer's status, commune's proposal, decision


def test_map_colouring_follows_the_plans(session):
    from village_avenir.maps.avancement import plan_progress_values
    from village_avenir.maps.layers import colouring

    assert colouring("avancement_plans").roles  # private: plans are not public
    _plan(session)
    assert plan_progress_values(session)[CODE].value == "preparation"
    v = validation.validate(session, CODE, CAT, FIN, qui=ING)
    assert plan_progress_values(session)[CODE].value == "valide"
    for a in sp.actions_of(session, v):
        suivi.set_statut(
            session, CODE, a.cle, "realisee", date.today(), "", qui=ING, par_commune=False
        )
    value = plan_progress_values(session)[CODE]
    assert value.value == "acheve" and "réalisée" in value.label
    assert "46003" not in plan_progress_values(session)


def test_every_journal_action_of_the_projet_reads_in_french(session):
    from village_avenir.formatting import action_label

    _plan(session)
    v = validation.validate(session, CODE, CAT, FIN, qui=ING)
    suivi.set_statut(
        session,
        CODE,
        sp.actions_of(session, v)[0].cle,
        "engagee",
        date.today(),
        "",
        qui=MAIRE,
        par_commune=True,
    )
    actions = {j.action for j in session.exec(select(Journal)).all() if j.objet == "plan"}
    assert {"plan:validation", "plan:statut_propose"} <= actions
    for action in actions:
        label = action_label(action)
        assert "_" not in label and "valeur" not in label, label
