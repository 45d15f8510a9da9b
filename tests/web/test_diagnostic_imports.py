"""Loading an official file from the browser: preview (nothing written), confirm (one
journaled transaction, new snapshot, scores change); malformed files refused with their line."""

import io
import re

from sqlalchemy import func
from sqlmodel import Session, select

from tests.conftest import csrf_token, login, shared_file
from village_avenir.models import InstantaneDiagnostic, Journal, ValeurIndicateur


def counts(app):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return tuple(
            s.exec(select(func.count()).select_from(m)).one()
            for m in (ValeurIndicateur, Journal, InstantaneDiagnostic)
        )


def logement_score(app):
    from village_avenir.db import get_session
    from village_avenir.services.diagnostic import latest_scores

    with app.app_context():
        return latest_scores(get_session())["46001"].domaines["logement"]


def upload(client, fmt, data: bytes, name="fichier.csv", annee=""):
    token = csrf_token(client, "/diagnostic/imports")
    return client.post(
        "/diagnostic/imports",
        data={
            "csrf_token": token,
            "format": fmt,
            "annee": annee,
            "fichier": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


def test_preview_then_confirm_changes_the_scores(users_app):
    ing = users_app.test_client()
    login(ing, "ingenieur")
    assert "Charger un fichier officiel" in ing.get("/diagnostic/imports").get_data(as_text=True)
    data = shared_file(
        "data", "sources", "insee_comparateur_2025", "insee_base_cc_comparateur_2025_lot46.csv"
    ).read_bytes()
    before = counts(users_app)
    assert logement_score(users_app) is None  # no housing figure loaded yet
    r = upload(ing, "insee-logement", data, "comparateur.csv")
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:500]
    assert "313 lignes lues" in html and "data-rejetees" in html
    assert counts(users_app) == before  # the preview writes nothing
    jeton = re.search(r'name="jeton" value="([^"]+)"', html).group(1)
    r = ing.post(
        "/diagnostic/imports",
        data={
            "csrf_token": csrf_token(ing, "/diagnostic/imports"),
            "action": "confirmer",
            "jeton": jeton,
            "nom": "comparateur.csv",
            "format": "insee-logement",
            "annee": "",
        },
    )
    assert r.status_code == 302
    after = counts(users_app)
    assert logement_score(users_app) is not None  # the scores changed
    assert after[0] > before[0] and after[1] > before[1] and after[2] == before[2] + 1
    page = ing.get("/diagnostic/classement").get_data(as_text=True)
    assert "comparateur.csv" in page and "importé" in page
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        entry = s.exec(
            select(Journal)
            .where(Journal.action == "import:creation")
            .where(Journal.qui == "ingenieur@lot.test")
        ).first()
    assert entry is not None and "comparateur.csv" in entry.motif
    # the same token cannot be replayed
    r = ing.post(
        "/diagnostic/imports",
        data={
            "csrf_token": csrf_token(ing, "/diagnostic/imports"),
            "action": "confirmer",
            "jeton": jeton,
            "format": "insee-logement",
        },
    )
    assert r.status_code == 400 and "aperçu expiré" in r.get_data(as_text=True)


def test_malformed_or_wrong_files_refused_with_line_and_nothing_written(users_app):
    ing = users_app.test_client()
    login(ing, "ingenieur")
    before = counts(users_app)
    bad = b"CODGEO;P22_LOG;P22_LOGVAC\n46001;422;66\n46002;quarante;2\n"
    r = upload(ing, "insee-logement", bad)
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Ligne 3" in html and "a été importé" in html
    r = upload(ing, "insee-logement", b"%PDF-1.4 not a csv", "x.csv")
    assert r.status_code == 400 and "pas un fichier texte CSV" in r.get_data(as_text=True)
    r = upload(ing, "merimee", b"Reference|x\n", annee="")
    assert r.status_code == 400 and "millésime" in r.get_data(as_text=True)
    r = upload(ing, "merimee", b"Reference|x\n", annee="\u0662\u0660\u0662\u0664")  # ٢٠٢٤
    assert r.status_code == 400 and "année sur 4 chiffres" in r.get_data(as_text=True)
    r = upload(ing, "inconnu", bad)
    assert r.status_code == 400 and "format" in r.get_data(as_text=True)
    assert counts(users_app) == before


def test_a_record_too_long_for_the_csv_module_is_refused_with_its_line(users_app):
    ing = users_app.test_client()
    login(ing, "ingenieur")
    before = counts(users_app)
    big = b"x" * 200_000  # over the csv module's field limit (128 KiB)
    r = upload(ing, "insee-logement", b"CODGEO;P22_LOG\n46001;422\n46002;" + big + b"\n")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Ligne 3" in html and "illisible" in html
    assert counts(users_app) == before


def test_mayors_cannot_load_files(users_app):
    own = users_app.test_client()
    login(own, "commune")
    assert own.get("/diagnostic/imports").status_code == 403
