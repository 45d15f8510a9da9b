"""Journal entries as French sentences: one row per kind of entry the services write."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from village_avenir.journal_texte import describe, format_value, object_label

QUAND = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
LABELS = {"acv": "Action cœur de ville", "mh_classe": "Monument historique classé"}


def entry(action, objet, objet_id, avant=None, apres=None, motif=None):
    return SimpleNamespace(
        quand=QUAND,
        action=action,
        objet=objet,
        objet_id=objet_id,
        avant=avant,
        apres=apres,
        motif=motif,
    )


@pytest.mark.parametrize(
    ("e", "titre", "objet", "details"),
    [
        (
            entry("candidature:transition", "candidature", "12",
                  '{"etat": "brouillon"}', '{"etat": "deposee", "eligibilite": "eligible"}'),
            "Candidature : changement d'état",
            "la candidature",
            ("État : brouillon → déposée", "Éligibilité au dépôt : éligible"),
        ),
        (
            entry("saisie:declaration", "valeur_indicateur", "46001/logements_vacants_connus",
                  None, '{"valeur": 7.0, "annee": "2026", "origine": "declaree", '
                  '"statut": "a_valider"}'),
            "Saisie : déclaration d'une valeur",
            "une donnée du diagnostic",
            ("Logements vacants connus : 7", "Année : 2026",
             "Origine : déclarée par la commune", "Statut : à valider"),
        ),
        (
            entry("candidature:modification", "candidature", "3",
                  '{"projet_description": "", "patrimoine": []}',
                  '{"projet_description": "Ligne 1\\r\\nLigne 2", '
                  '"patrimoine": [{"nom": "Église", "protection": "mh_classe"}]}'),
            "Candidature : modification",
            "la candidature",
            ("Description du projet : vide → Ligne 1 Ligne 2",
             "Patrimoine : vide → (Nom : Église, Statut de protection : Monument historique classé)"),
        ),
        (
            entry("import:creation", "adhesion", "46042/acv", None,
                  '{"programme": "acv", "actif": true}'),
            "Import : création",
            "une adhésion : Action cœur de ville",
            ("Dispositif : Action cœur de ville", "Actif : oui"),
        ),
        (
            entry("plan:deplacement", "plan", "46255 v3",
                  '{"cle": 4, "libelle": "Lavoir", "horizon": "court"}',
                  '{"cle": 4, "libelle": "Lavoir", "horizon": "moyen"}'),
            "Plan : changement d'horizon",
            "le plan stratégique, version 3",
            ("Horizon : court terme → moyen terme",),
        ),
        (
            entry("import:creation", "commune", "46001", None,
                  '{"nom": "Albas", "mairie_horaires": "[[\\"lundi\\"]]"}'),
            "Import : création",
            "la commune",
            (),
        ),
        (
            entry("compte:modification", "utilisateur", "3", '{"actif": true}', '{"actif": false}'),
            "Compte : modification",
            "un compte",
            ("Actif : oui → non",),
        ),
    ],
)  # fmt: skip
def test_each_kind_of_entry_reads_as_a_sentence(e, titre, objet, details):
    line = describe(e, "Ingénieure", LABELS)
    assert (line.titre, line.objet, line.details) == (titre, objet, details)
    assert line.quand == "01/07/2026 à 14:00" and line.auteur == "Ingénieure"
    shown = " ".join([line.titre, line.objet, *line.details])
    for raw in ('{"', "\\r", "_", "46255 v3", "46042/acv", " 12"):
        assert raw not in shown
    assert e.objet_id in line.technique  # the raw reference stays for staff


def test_no_author_when_the_viewer_may_not_see_it():
    assert describe(entry("plan:ajout", "plan", "46001 v1"), None).auteur is None


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (None, "vide"),
        (True, "oui"),
        (1234, "1\u202f234"),
        (7.0, "7"),
        (2.5, "2,50"),
        ("en_instruction", "en instruction"),
        ("2026-01-15T09:30:00+00:00", "15/01/2026 à 10:30"),
        ("a" * 400, "a" * 299 + "…"),
    ],
)
def test_format_value(valeur, attendu):
    assert format_value(valeur) == attendu


def test_motif_is_folded_and_unknown_objects_never_show_their_id():
    line = describe(
        entry("diagnostic:retrait", "ajustement", "8", motif="Erreur\r\nde saisie"), None
    )
    assert line.motif == "Erreur de saisie" and line.objet == "un ajustement de score"
    assert object_label("inconnu_x", "99") == "inconnu x"


def test_the_instruction_page_and_the_sheet_read_as_sentences(cand_app):
    """A deposited application: its history, declared figures and the commune's sheet show
    labels and states in words, Paris time, no JSON and no column name."""
    import io

    from tests.web.conftest import COMPLETE, PDF, logged, post_dossier

    app, ids = cand_app
    cid = ids["commune"]
    mayor = logged(app, "commune")
    files = {"deliberation": (io.BytesIO(PDF), "d.pdf")}
    assert post_dossier(mayor, cid, COMPLETE, action="deposer", files=files).status_code == 302
    html = logged(app, "ingenieur").get(f"/instruction/{cid}").get_data(as_text=True)
    history = html[html.index('id="titre-journal"') :]
    assert "État : brouillon → déposée" in history
    assert "Logements vacants connus : 14" in html  # declared figures, by name
    visible = history.split("<details")[0]
    for raw in ('{"', "&#34;", "\\r\\n", "logements_vacants", "mh_inscrit", "(UTC)"):
        assert raw not in visible, raw
    assert "Référence technique" in history  # staff may open the raw entry
    resp = mayor.get("/communes/46001")
    sheet = resp.get_data(as_text=True)
    assert resp.status_code == 200, sheet[-3000:]
    sheet_history = sheet[sheet.index('id="titre-historique"') :]
    assert "Candidature : modification" in sheet_history and "Référence technique" not in sheet
    for raw in ('{"', "&#34;", "candidature " + str(cid), "(UTC)"):
        assert raw not in sheet_history, raw


def test_a_secret_value_reads_secret_statistique_never_0():
    """Imports store a secret value as 0 with statut « secret »: the history never shows 0."""
    ligne = describe(
        entry(
            "import:modification",
            "valeur_indicateur",
            "46001/bpe_medecins",
            '{"valeur": 2.0, "statut": "valide"}',
            '{"valeur": 0.0, "statut": "secret"}',
        ),
        None,
    )
    valeur = next(d for d in ligne.details if "→" in d and "secret statistique" in d)
    assert valeur.endswith(": 2 → secret statistique")
    assert not any(d.endswith("→ 0") or d.endswith(": 0") for d in ligne.details)
