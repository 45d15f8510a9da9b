"""The selection committee in a real browser (issue 15): two communes have applied; the
engineer gives opinions, prepares and freezes the session, downloads the PDF (page count,
names, freeze date checked), records the decisions; an indicator changed afterwards leaves
the frozen session page and its PDF unchanged. Screenshots in ``artefacts``.
"""

import io
import re
from datetime import date, timedelta

from tests.conftest import require
from tests.web.conftest import COMPLETE, PDF
from village_avenir.db import get_session
from village_avenir.parametres import load_regles
from village_avenir.services import campagnes, eligibilite
from village_avenir.services.candidatures import dossiers as cands
from village_avenir.services.comptes.utilisateurs import create_user

INGENIEUR, MDP = "commission-ing@lot.test", "mot-de-passe-long"
# Communes no other browser test touches (the live server is shared by the session).
CODES = ("46011", "46013")
# The application content as the form stores it (see forms.candidature.form_content).
CONTENU = {
    **{k: v for k, v in COMPLETE.items() if not k.startswith("patrimoine-")},
    "patrimoine": [
        {"nom": "Église", "protection": "mh_inscrit", "etat": "mauvais", "cout": "120 000"}
    ],
}


def _setup(app) -> tuple[int, list[int]]:
    """An engineer, a campaign and two deposited applications (the form itself is driven in
    test_candidature_story)."""
    with app.app_context():
        s = get_session()
        create_user(s, email=INGENIEUR, nom="Ingénieur", role="ingenieur", password=MDP, qui="t")
        # The browser tests share one server: join the open campaign if another test made one.
        campagne = cands.open_campaign(s) or campagnes.create_campaign(
            s,
            nom="Appel commission",
            ouverture=date.today() - timedelta(days=1),
            cloture=date.today() + timedelta(days=60),
            regles_version="2021-01",
            qui="tests",
        )
        ids = []
        rules = load_regles()
        for code in CODES:
            statut = eligibilite.assess(s, rules, code).eligibility.statut
            cand = cands.start(s, code_insee=code, statut=statut, raisons=[], qui="maire")
            cands.save_draft(
                s,
                cand,
                contenu=CONTENU,
                version_attendue=cand.version,
                qui="maire",
                piece=("deliberation.pdf", PDF),
            )
            cands.deposit(
                s,
                cand,
                qui="maire",
                role="commune",
                statut=statut,
                raisons=[],
                version_attendue=cand.version,
            )
            ids.append(cand.id)
        return campagne.id, campagne.nom, ids


def _pdf_text(path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_committee_story(page, live_app, artefacts, tmp_path):
    from tests.web.test_commission import _weasyprint

    require(_weasyprint(), "WeasyPrint sans Pango (libpango-1.0-0, libpangoft2-1.0-0)")
    app, base = live_app
    campagne_id, nom, ids = _setup(app)

    def shot(name):
        return page.screenshot(path=str(artefacts / f"commission-{name}.png"), full_page=True)

    page.goto(f"{base}/connexion")
    page.fill("#email", INGENIEUR)
    page.fill("#mot_de_passe", MDP)
    page.click("main button[type=submit]")
    # 1. Opinions, given during the instruction.
    for cid, avis, motif in ((ids[0], "Favorable", "Projet mûr"), (ids[1], "Réservé", "À revoir")):
        page.goto(f"{base}/instruction/{cid}")
        page.click("text=Commencer l'instruction")
        page.get_by_label(avis, exact=True).check()
        page.fill("#avis-motivation", motif)
        page.fill("#avis-enjeux", "Presbytère et logements vacants")
        page.click("text=Enregistrer l'avis")
        assert page.locator("text=Avis enregistré.").count() == 1
    # 2. The session: date, members, agenda (both instructed by default), then frozen.
    page.goto(f"{base}/candidatures")
    page.get_by_role("link", name=f"« {nom} »").click()
    page.fill("#date_seance", "2026-12-15")
    page.fill("#membres", "M. le Président\nMme la rapporteure")
    page.click("text=Enregistrer la séance")
    # Ours, plus any instructed application another browser test left on this campaign.
    rows = page.locator("#comparaison tbody tr").count()
    assert rows >= 2
    for code in CODES:
        assert page.locator(f'#comparaison tr[data-code="{code}"]').count() == 1
    tri = page.locator("#comparaison thead").get_by_role("link", name=re.compile("^Commune"))
    tri.focus()  # a plain link: reachable and followed with the keyboard
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("tri=commune"))
    assert page.locator("th[aria-sort=ascending]").count() == 1
    page.click("text=Arrêter le dossier de séance")
    assert page.locator("#etat-seance").get_attribute("data-arrete") == "1"
    shot("1-dossier-arrete")
    frozen_table = page.locator("#comparaison").inner_text()
    # 3. The PDF: page count, each commune's name and the freeze date on every page.
    with page.expect_download() as info:
        page.click("#lien-pdf")
    first = tmp_path / "dossier.pdf"
    info.value.save_as(first)
    pages = _pdf_text(first)
    # Cover, table, map, then one or two pages per candidate.
    assert 3 + rows <= len(pages) <= 4 + 2 * rows, len(pages)
    text = "\n".join(pages)
    assert "Autoire (46011)" in text and "Bach (46013)" in text
    stamp = re.search(r"Dossier arrêté le \d\d/\d\d/\d{4} à \d\d h \d\d", pages[0]).group(0)
    assert all(stamp in p for p in pages)
    # 4. Decisions in session, applied through the workflow.
    for cid, decision, motif in ((ids[0], "Retenue", "Unanimité"), (ids[1], "Non retenue", "Non")):
        bloc = page.locator(f'.decision[data-candidature="{cid}"]')
        bloc.get_by_label(decision, exact=True).check()
        bloc.locator("textarea").fill(motif)
        bloc.locator("text=Enregistrer la décision").click()
        assert page.locator("text=Décision enregistrée.").count() == 1
    shot("2-decisions")
    page.goto(f"{base}/instruction/{ids[0]}")
    assert page.locator("#etat").get_attribute("data-etat") == "retenue"
    page.goto(f"{base}/instruction/{ids[1]}")
    assert page.locator("#etat").get_attribute("data-etat") == "non_retenue"
    # 5. An indicator changes and a new snapshot is taken: the frozen session does not move.
    from village_avenir.services import diagnostic as diag
    from village_avenir.services.diagnostic.instantanes import take_snapshot

    with app.app_context():
        s = get_session()
        diag.declare_value(
            s,
            code_insee=CODES[0],
            indicateur="etat_patrimoine",
            valeur="4",
            annee="2026",
            source="Visite",
            qui="tests",
            origine="evaluee",
        )
        take_snapshot(s, qui="tests", motif="Après la séance")
    page.goto(f"{base}/campagnes/{campagne_id}/commission")
    assert page.locator("#comparaison").inner_text() == frozen_table
    with page.expect_download() as info:
        page.click("#lien-pdf")
    second = tmp_path / "dossier-apres.pdf"
    info.value.save_as(second)
    assert _pdf_text(second) == pages
