"""The ranking page's and CSV's rows: filters by EPCI and population band, département ranks."""

import pytest

from village_avenir.db import get_session
from village_avenir.parametres import load_regles
from village_avenir.services.diagnostic.rangs import classement, classement_rows


@pytest.fixture
def ranked(diag_fresh_app):
    with diag_fresh_app.app_context():
        yield get_session(), load_regles()


def test_rows_filters_and_departement_wide_ranks(ranked):
    session, rules = ranked
    whole = classement_rows(session, rules)
    ranking, _, _ = classement(session, rules)
    assert (whole.epci, whole.tranche) == (None, None)
    assert [r.assessment.commune.code_insee for r in whole.lignes] == list(ranking.ordre)
    assert [r.assessment.commune.code_insee for r in whole.apart] == list(ranking.insuffisants)
    assert len(whole.lignes) > 200 and whole.classement.n == ranking.n
    for a, s, rang, a_verifier in whole.lignes:  # rows unpack as the template reads them
        code = a.commune.code_insee
        assert rang == ranking.rang(code) and s.score_global is not None
        assert a_verifier == (code in ranking.a_verifier)
    albas = next(r for r in whole.lignes if r.assessment.commune.code_insee == "46001")

    epci = albas.assessment.commune.epci_code
    same = classement_rows(session, rules, epci=f"  {epci}  ", tranche="")
    assert (same.epci, same.tranche) == (epci, None)
    assert 1 < len(same.lignes) < len(whole.lignes)
    assert all(r.assessment.commune.epci_code == epci for r in [*same.lignes, *same.apart])
    assert albas in same.lignes  # same rank as in the whole département
    assert [r.rang for r in same.lignes] == sorted(r.rang for r in same.lignes)

    small = classement_rows(session, rules, tranche=" 0-199 ")
    assert small.tranche == "0-199" and small.lignes
    assert all(r.assessment.commune.population < 200 for r in small.lignes)
    assert albas not in small.lignes  # Albas: 525 inhabitants
    assert classement_rows(session, rules, tranche="inconnue").lignes == whole.lignes
    assert classement_rows(session, rules, epci="000000000").lignes == []
