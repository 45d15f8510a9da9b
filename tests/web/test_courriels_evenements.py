"""Every state change a mayor or an engineer must hear of queues its e-mail (issue 23): one
row per step below, checked in the outbox right after the step, with the Paris time and
the French elision of the commune's name. A step not listed here that queues a message, or a
listed one that queues another, fails the test."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from sqlmodel import Session, select

from tests.conftest import csrf_token
from tests.web.conftest import COMPLETE, PDF, logged, post_dossier
from tests.web.test_avis import _avis
from tests.web.test_commission import URL, _post
from tests.web.test_instruction import _move
from village_avenir.models import Courriel
from village_avenir.services.courriels.gabarits import render

MAIRE, MAIRE_AUTRE, ING = "maire@albas.test", "maire@anglars.test", "ingenieur@lot.test"


def _rows(app) -> list[Courriel]:
    with Session(app.extensions["village_avenir.engine"]) as s:
        return list(s.exec(select(Courriel).order_by(Courriel.id)).all())


def _deposit(app, who, cid, reponse=""):
    return post_dossier(
        logged(app, who),
        cid,
        COMPLETE,
        action="deposer",
        reponse=reponse,
        files={"deliberation": (io.BytesIO(PDF), "d.pdf")},
    )


def _write(client, path, form_path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, form_path), **data})


def test_every_state_change_queues_its_message(cand_app):
    app, ids = cand_app
    a, b = ids["commune"], ids["commune_autre"]
    eng = logged(app, "ingenieur")
    mayor = logged(app, "commune")
    steps = [
        ("dépôt", lambda: _deposit(app, "commune", a),
         {("depot", MAIRE), ("depot_recu", ING)}),
        ("mise en instruction", lambda: _move(eng, a, "en_instruction"),
         {("etape", MAIRE)}),
        ("note interne", lambda: _write(eng, f"/instruction/{a}/echange", f"/instruction/{a}",
                                        texte="Entre nous", genre="note"),
         set()),
        ("message du Département", lambda: _write(eng, f"/instruction/{a}/echange",
                                                  f"/instruction/{a}", texte="Une question",
                                                  genre="message"),
         {("message", MAIRE)}),
        ("question de la commune", lambda: _write(mayor, f"/candidatures/{a}/reponse",
                                                  f"/candidatures/{a}", texte="Voici"),
         {("reponse", ING)}),
        ("complément demandé", lambda: _move(eng, a, "complement_demande", "Le plan"),
         {("complement_demande", MAIRE)}),
        ("complément transmis", lambda: _deposit(app, "commune", a, reponse="Joint"),
         {("complement_accuse", MAIRE), ("complement_recu", ING)}),
        ("décision de l'ingénieur", lambda: _move(eng, a, "classee_sans_suite", "Doublon"),
         {("decision", MAIRE)}),
        ("dépôt de l'autre commune", lambda: _deposit(app, "commune_autre", b),
         {("depot", MAIRE_AUTRE), ("depot_recu", ING)}),
        ("instruction de l'autre commune", lambda: _move(eng, b, "en_instruction"),
         {("etape", MAIRE_AUTRE)}),
        ("avis de l'ingénieur (privé)", lambda: _avis(eng, b, avis="favorable",
                                                      motivation="Bien", enjeux=""),
         set()),
        ("commission préparée et arrêtée",
         lambda: (_post(eng, URL, date_seance="2026-12-15", membres="M. le Président",
                        inscrire=[str(b)], **{f"rang-{b}": "1"}).status_code,
                  _post(eng, URL + "/arreter").status_code),
         set()),
        ("commission : ajournée", lambda: _post(eng, URL + "/decision", candidature=b,
                                                decision="ajournee", motivation="Revoir"),
         {("ajournement", MAIRE_AUTRE)}),
        ("commission : retenue", lambda: _post(eng, URL + "/decision", candidature=b,
                                               decision="retenue", motivation="Oui"),
         set()),  # already decided in this session: refused, nothing queued
    ]  # fmt: skip
    seen = 0
    for label, step, expected in steps:
        result = step()
        codes = [
            r if isinstance(r, int) else r.status_code
            for r in (result if isinstance(result, tuple) else (result,))
        ]
        assert all(c in (302, 409) for c in codes), (label, codes)
        rows = _rows(app)[seen:]
        seen += len(rows)
        assert {(r.genre, r.destinataire) for r in rows} == expected, (label, result)
        assert len(rows) == len(expected), label
        for row in rows:
            assert "(UTC)" not in row.texte and "de Albas" not in row.texte, label
            assert "de Anglars" not in row.texte and "de Alvignac" not in row.texte, label
    genres = {r.genre for r in _rows(app)}
    assert {"depot", "depot_recu", "complement_accuse", "ajournement"} <= genres
    ajourne = next(r for r in _rows(app) if r.genre == "ajournement")
    assert "ajourné sa décision" in ajourne.texte and "Revoir" in ajourne.texte
    accuse = next(r for r in _rows(app) if r.genre == "complement_accuse")
    assert "accusé de réception du complément d'Albas" in accuse.sujet


def test_times_in_emails_are_paris_time():
    class Invit:
        nom, expire_le = "Jeanne", datetime(2026, 7, 1, 0, 52, tzinfo=UTC)

    text = render("invitation", invit=Invit, url="https://exemple.test/x").texte
    assert "01/07/2026 à 02:52 (heure de Paris)" in text  # summer: UTC+2
    assert "UTC" not in text
    assert re.search(r"\d\d:\d\d \(heure de Paris\)", text)
