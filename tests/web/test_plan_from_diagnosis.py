"""The plan proposal is pre-filled from the diagnosis when the commune has no plan yet."""

import json
import re

from tests.conftest import login
from tests.diagnostic_support import load_shipped_indicators
from village_avenir.db import get_session
from village_avenir.models import Commune
from village_avenir.services import plans
from village_avenir.services.diagnostic.instantanes import view_content


def test_first_proposal_is_prefilled_from_the_diagnosis(users_app):
    # since 2026-12-07 the undated town-hall hours are not scored: the shipped figures are
    load_shipped_indicators(users_app)
    client = users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46001/plan/proposer").get_data(as_text=True)
    assert "pré-remplies à partir du diagnostic" in html
    with users_app.app_context():
        _, content = view_content(get_session())
    oriented = {row[0]: row[3] for row in content["communes"]["46001"]["detail"]}
    sante = [
        oriented[i]
        for i in ("distance_medecin", "distance_pharmacie")
        if oriented.get(i) is not None
    ]
    field = re.search(r'id="b_sante"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*id="b_sante"', html
    )
    if sante:
        assert field and int(field.group(1)) == round(max(sante))
    services_publics = [
        oriented[i]
        for i in (  # as in besoins_diagnostic.toml
            "distance_france_services",
            "distance_poste",
            "heures_mairie",
            "services_publics_par_habitant",
        )
        if oriented.get(i) is not None
    ]
    assert services_publics, "les données livrées renseignent l'accès aux services publics"
    field = re.search(r'id="b_acces_services_publics"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*id="b_acces_services_publics"', html
    )
    assert field and int(field.group(1)) == round(max(services_publics))
    assert re.search(r'id="source"[^>]*value="Diagnostic Village A-Venir', html) or re.search(
        r'value="Diagnostic Village A-Venir[^"]*"[^>]*id="source"', html
    )


def test_proposal_from_the_prefilled_diagnosis_records_its_source(users_app):
    # since 2026-12-07 the undated town-hall hours are not scored: the shipped figures are
    load_shipped_indicators(users_app)
    client = users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46001/plan/proposer").get_data(as_text=True)
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    resp = client.post("/communes/46001/plan/proposer", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:400]
    with users_app.app_context():
        version = plans.current_version(get_session(), "46001")
    needs = json.loads(version.besoins)
    assert needs and all(n["source"].startswith("Diagnostic Village A-Venir") for n in needs)


def test_a_declared_zero_proposes_nothing_and_real_figures_prefill(users_app):
    """Saint-Cirgues' case: « 0 élément à restaurer » declared must not propose heritage work;
    with the shipped INSEE figures, logement needs come from ranked indicators."""
    from tests.diagnostic_support import load_shipped_indicators
    from village_avenir.services import diagnostic as diag

    load_shipped_indicators(users_app)
    with users_app.app_context():
        session = get_session()
        diag.declare_value(
            session,
            code_insee="46001",
            indicateur="petit_patrimoine_a_restaurer",
            valeur="0",
            annee="2025",
            source="Candidature",
            qui="ingenieur@lot.test",
            origine="evaluee",
        )
        diag.take_snapshot(session, qui="tests", motif="Après saisie")
        _, content = view_content(session)
    client = users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46001/plan/proposer").get_data(as_text=True)
    assert not re.search(r'id="b_patrimoine_bati"[^>]*value="\d+"', html)
    rows = {r[0]: r for r in content["communes"]["46001"]["detail"]}
    vacance = rows["taux_vacance"]
    assert vacance[9] == "classe" and vacance[3] > 0
    field = re.search(r'id="b_logements_vacants"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*id="b_logements_vacants"', html
    )
    assert field and int(field.group(1)) == round(vacance[3])


def test_plan_page_shows_total_cost_range_and_alternatives(users_app):
    from village_avenir.domain.planning import Need
    from village_avenir.views.plans.common import catalogue

    with users_app.test_request_context():
        needs = [Need("services", "sante", 80, "visite"), Need("logement", "logements_vacants", 60, "visite")]  # fmt: skip
        version = plans.propose(get_session(), "46001", needs, catalogue(), qui="tests")
        rows = plans.actions_of(get_session(), version)
    client = users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46001/plan").get_data(as_text=True)
    lo = sum(r.cout_min for r in rows)
    hi = sum(r.cout_max for r in rows)
    total = re.search(r"data-cout-total>(.*?)</p>", html, re.S).group(1)
    assert f"{lo:,}".replace(",", "\u202f") in total and f"{hi:,}".replace(",", "\u202f") in total
    assert 'data-alternative="srv-maison-sante"' in html and "Au choix" in html
    with users_app.app_context():
        albas = get_session().get(Commune, "46001").population
    assert f"taille de la commune ({albas} hab." in html  # Albas: OPAH range scaled
