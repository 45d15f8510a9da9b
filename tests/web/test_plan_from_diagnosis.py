"""The plan proposal is pre-filled from the diagnosis when the commune has no plan yet."""

import json
import re

from tests.conftest import login
from village_avenir.db import get_session
from village_avenir.models import Commune
from village_avenir.services import plans
from village_avenir.services.diagnostic.instantanes import view_content


def _field(html: str, name: str):
    found = re.search(rf'id="{name}"[^>]*value="(\d+)"', html) or re.search(
        rf'value="(\d+)"[^>]*id="{name}"', html
    )
    return int(found.group(1)) if found else None


def _albas_vacancy(app) -> tuple[float, float]:
    """(Albas's vacancy rate, the Lot's rate), computed here from the stored figures."""
    from sqlmodel import select

    from village_avenir.models import ValeurIndicateur

    with app.app_context():
        rows = get_session().exec(select(ValeurIndicateur)).all()
    vac = {r.code_insee: r.valeur for r in rows if r.donnee == "log_vacants"}
    tot = {r.code_insee: r.valeur for r in rows if r.donnee == "log_total"}
    both = [c for c in vac if c in tot and tot[c] > 0]
    lot = sum(vac[c] for c in both) / sum(tot[c] for c in both) * 100
    return vac["46001"] / tot["46001"] * 100, lot


def test_first_proposal_is_prefilled_from_the_size_of_the_figures(diag_users_app):

    client = diag_users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46001/plan/proposer").get_data(as_text=True)
    assert "pré-remplies à partir du diagnostic" in html
    rate, lot = _albas_vacancy(diag_users_app)
    # besoins_diagnostic.toml: 40 at 1.2 × the Lot's rate, 70 at 1.6 ×, linear between
    lo, hi = 1.2 * lot, 1.6 * lot
    assert lo < rate < hi
    assert _field(html, "b_logements_vacants") == round(40 + 30 * (rate - lo) / (hi - lo))
    assert _field(html, "b_sante") is None  # no doctor data shipped: left to the engineer
    assert re.search(r'id="source"[^>]*value="Diagnostic Village A-Venir', html) or re.search(
        r'value="Diagnostic Village A-Venir[^"]*"[^>]*id="source"', html
    )


def test_proposal_from_the_prefilled_diagnosis_records_its_source_and_figures(diag_users_app):

    client = diag_users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46001/plan/proposer").get_data(as_text=True)
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    resp = client.post("/communes/46001/plan/proposer", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:400]
    with diag_users_app.app_context():
        version = plans.current_version(get_session(), "46001")
        actions = plans.actions_of(get_session(), version)
    needs = json.loads(version.besoins)
    assert needs and all(n["source"].startswith("Diagnostic Village A-Venir") for n in needs)
    vacancy = next(n for n in needs if n["besoin"] == "logements_vacants")
    assert "taux du Lot" in vacancy["source"] and vacancy["preuves"]
    line = next(a for a in actions if a.besoin == "logements_vacants")
    assert "Taux de logements vacants" in line.source_besoin and "source :" in line.regle


def test_a_declared_zero_proposes_nothing_and_real_figures_prefill(diag_users_app):
    """Saint-Cirgues' case: « 0 élément à restaurer » declared must not propose heritage work;
    with the shipped INSEE figures, logement needs come from ranked indicators."""
    from village_avenir.services import diagnostic as diag

    with diag_users_app.app_context():
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
    client = diag_users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46001/plan/proposer").get_data(as_text=True)
    assert not re.search(r'id="b_patrimoine_bati"[^>]*value="\d+"', html)
    assert _field(html, "b_logements_vacants") is not None  # from the shipped INSEE figures


def test_plan_page_shows_total_cost_range_and_alternatives(users_app):
    from village_avenir.domain.planning import Need
    from village_avenir.parametres import load_catalogue_actions

    with users_app.test_request_context():
        needs = [
            Need("services", "sante", 80, "visite"),
            Need("logement", "logements_vacants", 60, "visite"),
        ]
        version = plans.propose(
            get_session(), "46001", needs, load_catalogue_actions(), qui="tests"
        )
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
    assert f"pour {albas}\u202fhab." in html or f"pour {albas} hab." in html  # sized to Albas
