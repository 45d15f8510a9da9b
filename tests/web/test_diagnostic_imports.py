"""Loading an official file from the browser: preview (nothing written), confirm (one
journaled transaction, new snapshot, scores change); malformed files refused with their line."""

import html as html_module
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


def test_a_partial_file_needs_the_partial_box_and_never_writes_zeros(users_app):
    """The preview says « le fichier couvre 2 communes sur 312 »; confirming without the box
    is refused (nothing written); with it only the two communes get values."""
    ing = users_app.test_client()
    login(ing, "ingenieur")
    data = (
        b"REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP\n76;46;46102;46102_0101;2023;D265;12\n"
        b"76;46;46042;46042_0101;2023;D307;9\n"
    )
    r = upload(ing, "bpe", data, "bpe23_ensemble.csv")
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:500]
    assert "le fichier couvre 2 communes sur 312" in html
    assert 'type="checkbox" id="partiel" name="partiel"' in html
    assert "2 valeurs à importer" in html  # the preview counts no zero
    jeton = re.search(r'name="jeton" value="([^"]+)"', html).group(1)
    form = {
        "action": "confirmer",
        "jeton": jeton,
        "nom": "bpe23_ensemble.csv",
        "format": "bpe",
        "annee": "",
    }
    before = counts(users_app)
    r = ing.post(
        "/diagnostic/imports", data={**form, "csrf_token": csrf_token(ing, "/diagnostic/imports")}
    )
    assert r.status_code == 400
    page = html_module.unescape(r.get_data(as_text=True))
    assert "Rien n'a été importé : le fichier couvre 2 communes sur 312" in page
    assert counts(users_app) == before
    r = ing.post(
        "/diagnostic/imports",
        data={**form, "partiel": "oui", "csrf_token": csrf_token(ing, "/diagnostic/imports")},
    )
    assert r.status_code == 302
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        bpe = {
            (v.code_insee, v.donnee): v.valeur
            for v in s.exec(select(ValeurIndicateur)).all()
            if v.donnee.startswith("bpe_")
        }
    assert bpe == {("46102", "bpe_medecin"): 12.0, ("46042", "bpe_pharmacie"): 9.0}
