"""The heritage inventory's use cases (issue 22): who may do what, journal, e-mails,
idempotent offline entries, conflicts, limits, the items the plans read."""

from __future__ import annotations

from datetime import date

import pytest
import shapely
from sqlmodel import select

from village_avenir.db import get_session
from village_avenir.domain.patrimoine import ElementPatrimoine
from village_avenir.domain.placement import PlacementInvalide
from village_avenir.models import Commune, Courriel, Journal, PatrimoineElement, Utilisateur
from village_avenir.parametres import reload_parametres
from village_avenir.services import patrimoine as svc


@pytest.fixture
def ctx(users_app):
    with users_app.app_context():
        yield get_session()


def account(session, email):
    return session.exec(select(Utilisateur).where(Utilisateur.email == email)).one()


def inside(session, code):
    p = shapely.from_wkb(session.get(Commune, code).geometry).representative_point()
    return p.x, p.y


LAVOIR = {"nom": "Lavoir du bourg", "type": "lavoir", "etat": "mauvais", "proprietaire": "commune"}


def test_an_engineer_creates_a_valid_item_journaled_with_its_values(ctx):
    ing = account(ctx, "ingenieur@lot.test")
    lon, lat = inside(ctx, "46001")
    row = svc.create_element(ctx, "46001", {**LAVOIR, "longitude": lon, "latitude": lat}, ing)
    assert (row.statut, row.source, row.valide_par) == ("valide", "inventaire", ing.email)
    entry = ctx.exec(select(Journal).where(Journal.objet == "patrimoine_element")).one()
    assert entry.action == "patrimoine:creation" and "Lavoir du bourg" in entry.apres


def test_a_commune_declares_an_item_that_waits_and_engineers_are_emailed(ctx):
    maire = account(ctx, "maire@albas.test")
    row = svc.create_element(ctx, "46001", {**LAVOIR, "source": "visite"}, maire)
    assert (row.statut, row.source) == ("propose", "declaration")
    mails = ctx.exec(select(Courriel).where(Courriel.genre == "patrimoine_declaration")).all()
    assert [m.destinataire for m in mails] == ["ingenieur@lot.test"]
    assert "Lavoir du bourg" in mails[0].texte
    assert svc.elements_for_plans(ctx, "46001") == []  # not validated yet

    svc.decide_element(ctx, row.id, account(ctx, "ingenieur@lot.test"), True)
    assert svc.elements_for_plans(ctx, "46001") == [
        ElementPatrimoine(
            "Lavoir du bourg",
            "lavoir",
            "non_protege",
            "mauvais",
            "commune",
            "inconnu",
            None,
            None,
            row.id,
        )
    ]
    decision = ctx.exec(select(Courriel).where(Courriel.genre == "patrimoine_decision")).one()
    assert decision.destinataire == "maire@albas.test" and "validé" in decision.sujet


def test_a_refusal_needs_a_reason_and_the_commune_is_told(ctx):
    row = svc.create_element(ctx, "46001", LAVOIR, account(ctx, "maire@albas.test"))
    ing = account(ctx, "ingenieur@lot.test")
    with pytest.raises(svc.PatrimoineInvalide, match="motif"):
        svc.decide_element(ctx, row.id, ing, False, "non")
    svc.decide_element(ctx, row.id, ing, False, "Déjà inventorié sous un autre nom.")
    assert ctx.get(PatrimoineElement, row.id).statut == "refuse"
    mail = ctx.exec(select(Courriel).where(Courriel.genre == "patrimoine_decision")).one()
    assert "refusé" in mail.sujet and "Déjà inventorié" in mail.texte
    with pytest.raises(svc.PatrimoineInvalide, match="n'attend pas"):
        svc.decide_element(ctx, row.id, ing, True)


def test_a_mayor_touches_only_their_own_commune_and_never_validates(ctx):
    other = account(ctx, "maire@anglars.test")
    with pytest.raises(svc.PatrimoineInterdit):
        svc.create_element(ctx, "46001", LAVOIR, other)
    row = svc.create_element(ctx, "46001", LAVOIR, account(ctx, "maire@albas.test"))
    with pytest.raises(svc.PatrimoineInterdit):
        svc.update_element(ctx, row.id, {"etat": "bon"}, other)
    with pytest.raises(svc.PatrimoineInterdit):
        svc.decide_element(ctx, row.id, account(ctx, "maire@albas.test"), True)
    with pytest.raises(svc.PatrimoineInterdit):
        svc.delete_element(ctx, row.id, account(ctx, "maire@albas.test"))
    assert ctx.exec(select(PatrimoineElement)).all() == [row]


def test_the_same_client_uid_is_stored_once(ctx):
    ing = account(ctx, "ingenieur@lot.test")
    first = svc.create_element(ctx, "46001", LAVOIR, ing, client_uid="tel-1-abc")
    again = svc.create_element(ctx, "46001", LAVOIR, ing, client_uid="tel-1-abc")
    assert again.id == first.id
    assert len(ctx.exec(select(PatrimoineElement)).all()) == 1
    v1 = svc.create_visite(
        ctx,
        "46001",
        {"date_visite": "12/05/2026", "participants": ["departement", "CAUE du Lot"]},
        ing,
        client_uid="visite-1",
    )
    v2 = svc.create_visite(ctx, "46001", {"date_visite": "2026-05-12"}, ing, client_uid="visite-1")
    assert v1.id == v2.id and v1.participants == '["departement", "caue"]'


def test_an_edit_on_a_stale_version_is_a_conflict_and_writes_nothing(ctx):
    ing = account(ctx, "ingenieur@lot.test")
    row = svc.create_element(ctx, "46001", LAVOIR, ing)
    svc.update_element(ctx, row.id, {"etat": "peril"}, ing, version_attendue=1)
    with pytest.raises(svc.PatrimoineConflit) as err:
        svc.update_element(ctx, row.id, {"etat": "bon"}, ing, version_attendue=1)
    assert err.value.actuel["etat"] == "peril"
    ctx.expire_all()
    saved = ctx.get(PatrimoineElement, row.id)
    assert (saved.etat, saved.version) == ("peril", 2)
    entry = ctx.exec(select(Journal).where(Journal.action == "patrimoine:modification")).one()
    assert '"mauvais"' in entry.avant and '"peril"' in entry.apres


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nom": "", "type": "lavoir"}, "nom"),
        ({"nom": "X", "type": "fusée"}, "Type « fusée » inconnu"),
        ({"nom": "X" * 201, "type": "lavoir"}, "200 au plus"),
        ({"nom": "X", "type": "autre"}, "précisez"),
        ({"nom": "X", "type": "four", "longitude": "1,5"}, "ensemble"),
        ({"nom": "X", "type": "four", "cout_min": "9 000", "cout_max": "1 000"}, "dépasse"),
        ({"nom": "X", "type": "four", "date_etat": "31/02/2026"}, "n'existe pas"),
    ],
)
def test_bad_items_are_refused_in_french_and_nothing_is_written(ctx, data, message):
    with pytest.raises(svc.PatrimoineInvalide, match=message):
        svc.create_element(ctx, "46001", data, account(ctx, "ingenieur@lot.test"))
    assert ctx.exec(select(PatrimoineElement)).all() == []


def test_a_point_outside_the_commune_is_refused(ctx):
    lon, lat = inside(ctx, "46003")  # Anglars-Juillac, not Albas
    with pytest.raises(PlacementInvalide, match="hors de la commune"):
        svc.create_element(
            ctx,
            "46001",
            {**LAVOIR, "longitude": lon, "latitude": lat},
            account(ctx, "ingenieur@lot.test"),
        )


def test_the_item_limit_per_commune_is_enforced(ctx, users_app, tmp_path):
    from village_avenir.config import DATA_DIR

    text = (DATA_DIR / "parametres" / "patrimoine.toml").read_text(encoding="utf-8")
    path = tmp_path / "patrimoine.toml"
    path.write_text(text.replace("elements_max = 500", "elements_max = 2"), encoding="utf-8")
    users_app.config["PARAMETRES_PATRIMOINE"] = str(path)
    reload_parametres()
    try:
        ing = account(ctx, "ingenieur@lot.test")
        svc.create_element(ctx, "46001", {"nom": "A", "type": "four"}, ing)
        svc.create_element(ctx, "46001", {"nom": "B", "type": "four"}, ing)
        with pytest.raises(svc.PatrimoineInvalide, match="au plus 2 éléments"):
            svc.create_element(ctx, "46001", {"nom": "C", "type": "four"}, ing)
    finally:
        users_app.config.pop("PARAMETRES_PATRIMOINE")
        reload_parametres()


def test_delete_keeps_the_last_values_in_the_journal(ctx):
    ing = account(ctx, "ingenieur@lot.test")
    row = svc.create_element(ctx, "46001", {**LAVOIR, "date_etat": date(2026, 5, 12)}, ing)
    svc.delete_element(ctx, row.id, ing, "Doublon du lavoir de la place.")
    assert ctx.exec(select(PatrimoineElement)).all() == []
    entry = ctx.exec(select(Journal).where(Journal.action == "patrimoine:suppression")).one()
    assert "2026-05-12" in entry.avant and entry.motif == "Doublon du lavoir de la place."
