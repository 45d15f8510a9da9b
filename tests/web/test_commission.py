"""The selection committee: session prepared, pack frozen (page, CSV and PDF unchanged after
the data change), decisions applied through the instruction workflow, errors in French."""

import csv
import io
import json
import re
from datetime import date

import pytest
from sqlmodel import Session, select

from tests.conftest import csrf_token, require
from tests.web.conftest import logged
from tests.web.test_avis import _avis
from tests.web.test_instruction import _etat, _move
from village_avenir.models import Candidature, DecisionCommission, Journal, SeanceCommission

URL = "/campagnes/1/commission"


def _weasyprint() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:  # Pango missing
        return False
    return True


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, URL), **data})


def _instructed(app, ids):
    """Both communes deposit; the engineer starts instructing and gives opinions."""
    eng = logged(app, "ingenieur")
    for who, avis in (("commune", "favorable"), ("commune_autre", "defavorable")):
        cid = ids[who]
        client = logged(app, who)
        from tests.web.conftest import COMPLETE, PDF, post_dossier

        resp = post_dossier(
            client,
            cid,
            COMPLETE,
            action="deposer",
            files={"deliberation": (io.BytesIO(PDF), "d.pdf")},
        )
        assert resp.status_code == 302
        assert _move(eng, cid, "en_instruction").status_code == 302
        assert _avis(eng, cid, avis=avis, motivation=f"Motif {who}", enjeux="").status_code == 302
    return eng


def _save(eng, ids, **extra):
    data = {
        "date_seance": "2026-12-15",
        "membres": "M. le Président\nMme la Vice-présidente",
        "inscrire": [str(ids["commune_autre"]), str(ids["commune"])],
        f"rang-{ids['commune_autre']}": "1",
        f"rang-{ids['commune']}": "2",
        **extra,
    }
    return _post(eng, URL, **data)


def test_session_prepared_frozen_and_decided(cand_app):
    app, ids = cand_app
    eng = _instructed(app, ids)
    page = eng.get(URL).get_data(as_text=True)
    assert 'data-arrete="0"' in page and "Albas" in page and "Alvignac" in page
    assert 'aria-sort="ascending"' not in page  # agenda order by default
    assert _save(eng, ids).status_code == 302
    page = eng.get(URL + "?tri=commune&ordre=desc").get_data(as_text=True)
    assert 'aria-sort="descending"' in page
    rows = re.findall(r'<tr data-code="(\d+)"', page)
    assert rows == sorted(rows, reverse=True) and len(rows) == 2
    assert _post(eng, URL + "/arreter").status_code == 302
    page = eng.get(URL).get_data(as_text=True)
    assert 'data-arrete="1"' in page and "Dossier de séance arrêté le" in page
    # Agenda order kept (46003 first), opinions shown, the map drawn.
    assert re.findall(r'<tr data-code="(\d+)"', page) == ["46003", "46001"]
    assert "Défavorable" in page and "<svg" in page
    # CSV keyed by INSEE code, in agenda order.
    body = eng.get(URL + ".csv").get_data(as_text=True)
    table = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert [r["code_insee"] for r in table] == ["46003", "46001"]
    assert [r["avis"] for r in table] == ["defavorable", "favorable"]
    # Decisions: retenue goes through the workflow; ajournée leaves it in instruction.
    resp = _post(
        eng, URL + "/decision", candidature=ids["commune"], decision="retenue", motivation="Oui"
    )
    assert resp.status_code == 302
    resp = _post(
        eng,
        URL + "/decision",
        candidature=ids["commune_autre"],
        decision="ajournee",
        motivation="Revoir le plan de financement",
    )
    assert resp.status_code == 302
    assert _etat(app, ids["commune"]) == "retenue"
    assert _etat(app, ids["commune_autre"]) == "en_instruction"
    # The adjournment shows on the application, for the engineer and the commune.
    for client in (eng, logged(app, "commune_autre")):
        path = ("/instruction/{}" if client is eng else "/candidatures/{}").format(
            ids["commune_autre"]
        )
        page = client.get(path).get_data(as_text=True)
        assert "Commission de sélection du 15/12/2026 : candidature ajournée." in page
        assert "Revoir le plan de financement" in page
    with Session(app.extensions["village_avenir.engine"]) as s:
        cand = s.get(Candidature, ids["commune"])
        assert "commission de sélection du 15/12/2026 : Oui" in cand.decision_motif
        assert len(s.exec(select(DecisionCommission)).all()) == 2
        actions = [j.action for j in s.exec(select(Journal).order_by(Journal.id)).all()]
    assert "commission:arret" in actions and "candidature:decision" in actions
    assert "commission:ajournement" in actions
    # A second decision on the same application is refused.
    resp = _post(
        eng, URL + "/decision", candidature=ids["commune"], decision="non_retenue", motivation="x"
    )
    assert resp.status_code == 409 and "déjà statué" in resp.get_data(as_text=True)


def test_frozen_pack_does_not_follow_the_data(cand_app):
    from village_avenir.db import get_session
    from village_avenir.services import diagnostic as diag
    from village_avenir.services.diagnostic.instantanes import take_snapshot

    app, ids = cand_app
    eng = _instructed(app, ids)
    with app.app_context():
        take_snapshot(get_session(), qui="tests", motif="Avant la séance")
    assert _save(eng, ids).status_code == 302
    assert _post(eng, URL + "/arreter").status_code == 302
    with Session(app.extensions["village_avenir.engine"]) as s:
        stored = s.exec(select(SeanceCommission)).one().dossier
    before = eng.get(URL).get_data(as_text=True)
    csv_before = eng.get(URL + ".csv").get_data(as_text=True)
    with app.app_context():
        s = get_session()
        diag.declare_value(
            s,
            code_insee="46001",
            indicateur="etat_patrimoine",
            valeur="4",
            annee="2026",
            source="Visite",
            qui="tests",
            origine="evaluee",
        )
        take_snapshot(s, qui="tests", motif="Après la séance")
    _avis(eng, ids["commune"], avis="reserve", motivation="Changé d'avis", enjeux="")
    after = eng.get(URL).get_data(as_text=True)
    strip = re.compile(r'name="csrf_token" value="[^"]+"')

    def content(html):  # the page without the flash message and the form tokens
        return strip.sub("", html[html.index("<h1>") : html.index("</main>")])

    assert content(after) == content(before) and "Défavorable" in content(after)
    assert eng.get(URL + ".csv").get_data(as_text=True) == csv_before
    with Session(app.extensions["village_avenir.engine"]) as s:
        assert s.exec(select(SeanceCommission)).one().dossier == stored
    pack = json.loads(stored)
    assert pack["instantane"]["id"] == 1
    assert [r["version"] for r in pack["candidatures"]]


def test_bad_input_is_refused_in_french_and_changes_nothing(cand_app):
    app, ids = cand_app
    eng = _instructed(app, ids)
    assert "Arrêter le dossier" not in eng.get(URL).get_data(as_text=True)
    cases = [
        (URL, {"date_seance": "31/02/2027"}, "Date de la séance : La date « 31/02/2027 » n&#39;existe pas"),
        (URL, {"date_seance": "2026-W50-1"}, "Date de la séance : Date invalide"),
        (URL, {"date_seance": "2026-12-15", "inscrire": "999"}, "L&#39;ordre du jour ne peut"),
        (
            URL,
            {"date_seance": "2026-12-15", "inscrire": str(ids["commune"]), f"rang-{ids['commune']}": "x"},
            "Le rang de passage",
        ),
        (URL + "/arreter", {}, "Enregistrez d&#39;abord la séance"),
        (URL + "/decision", {"candidature": ids["commune"], "decision": "retenue"}, "n&#39;est pas au dossier"),
    ]  # fmt: skip
    for path, data, message in cases:
        resp = _post(eng, path, **data)
        assert resp.status_code in (400, 409), path
        assert message in resp.get_data(as_text=True), message
    assert eng.get("/campagnes/99/commission").status_code == 404
    with Session(app.extensions["village_avenir.engine"]) as s:
        assert not s.exec(select(SeanceCommission)).all()
    # An empty agenda cannot be frozen; a decision needs a motivation.
    assert _save(eng, ids, inscrire=[]).status_code == 302
    resp = _post(eng, URL + "/arreter")
    assert resp.status_code == 409 and "ordre du jour est vide" in resp.get_data(as_text=True)
    assert _save(eng, ids).status_code == 302
    assert _post(eng, URL + "/arreter").status_code == 302
    resp = _post(eng, URL, date_seance="2026-12-16")
    assert resp.status_code == 400 and "ne peut plus être modifié" in resp.get_data(as_text=True)
    resp = _post(eng, URL + "/decision", candidature=ids["commune"], decision="retenue")
    assert resp.status_code == 409 and "doit être motivée" in resp.get_data(as_text=True)
    assert _etat(app, ids["commune"]) == "en_instruction"


def test_a_session_date_typed_in_french_is_understood(cand_app):
    """Where the browser shows no date picker, the date is typed JJ/MM/AAAA: it is read by the
    one date parser (``domain/dates``), as everywhere else."""
    app, ids = cand_app
    eng = _instructed(app, ids)
    assert _save(eng, ids, date_seance="17/12/2026").status_code == 302
    with Session(app.extensions["village_avenir.engine"]) as s:
        assert s.exec(select(SeanceCommission)).one().date_seance == date(2026, 12, 17)


def test_pdf_of_the_frozen_pack(cand_app):
    require(_weasyprint(), "WeasyPrint sans Pango (libpango-1.0-0, libpangoft2-1.0-0)")
    from pypdf import PdfReader

    app, ids = cand_app
    eng = _instructed(app, ids)
    assert eng.get(URL + ".pdf").status_code == 409  # not frozen yet
    assert _save(eng, ids).status_code == 302
    assert _post(eng, URL + "/arreter").status_code == 302
    resp = eng.get(URL + ".pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.data))
    pages = [p.extract_text() for p in reader.pages]
    # Cover, table, map, then one or two pages per candidate.
    assert 5 <= len(pages) <= 7, len(pages)
    text = "\n".join(pages)
    assert "Albas" in text and "Alvignac" in text
    stamp = re.search(r"Dossier arrêté le (\d\d/\d\d/\d{4})", pages[0]).group(1)
    assert all(f"Dossier arrêté le {stamp}" in p for p in pages)
    assert all(f"Page {i} sur {len(pages)}" in p for i, p in enumerate(pages, start=1))
    assert eng.get(URL + ".pdf").data[:4] == b"%PDF"


@pytest.mark.parametrize("who", ["commune", "anonyme"])
def test_only_the_departement_reaches_the_committee(cand_app, who):
    app, _ = cand_app
    client = app.test_client() if who == "anonyme" else logged(app, who)
    assert client.get(URL).status_code in (302, 403)


def test_the_pdf_of_a_frozen_pack_is_built_once(cand_app, monkeypatch):
    built = []

    def fake_pdf(pack):
        built.append(pack)
        return b"%PDF-1.7 dossier"

    monkeypatch.setattr("village_avenir.views.commission.seance.pack_pdf", fake_pdf)
    app, ids = cand_app
    eng = _instructed(app, ids)
    assert _save(eng, ids).status_code == 302
    assert _post(eng, URL + "/arreter").status_code == 302
    first, second = eng.get(URL + ".pdf"), eng.get(URL + ".pdf")
    assert first.status_code == second.status_code == 200
    assert first.data == second.data == b"%PDF-1.7 dossier"
    assert len(built) == 1  # the second download is served from the cache


def test_pdf_without_pango_is_a_french_503(cand_app, monkeypatch):
    def no_pango(_pack):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("village_avenir.views.commission.seance.pack_pdf", no_pango)
    app, ids = cand_app
    eng = _instructed(app, ids)
    assert _save(eng, ids).status_code == 302
    assert _post(eng, URL + "/arreter").status_code == 302
    resp = eng.get(URL + ".pdf")
    assert resp.status_code == 503 and "bibliothèque Pango" in resp.get_data(as_text=True)
