"""The e-mail templates (issue 26 n° 6): every message of ``templates/courriels/`` renders with
an example context, in plain text and in HTML carrying the same words; user text is escaped
in the HTML part; a variable left out fails; and no message text is written in Python any
more (every message function renders a template, no French prose literal in the modules
that queue e-mails)."""

from __future__ import annotations

import ast
import html
import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace as NS

import pytest
from jinja2 import UndefinedError

from village_avenir.services.courriels import gabarits
from village_avenir.services.courriels.gabarits import render

SERVICES = Path(__file__).resolve().parents[2] / "village_avenir" / "services"
# The modules that write e-mails: their texts must live in templates.
MESSAGE_MODULES = [
    *sorted((SERVICES / "courriels").glob("*.py")),
    SERVICES / "plans" / "messages.py",
]
SIGNATURE = "Ce message est envoyé automatiquement : pour répondre, utilisez l'espace en ligne.\n"
URL = "https://village-avenir.lot.test/candidatures/7"
TAG = re.compile(r"<[A-Za-z/!][^>]*>")

CAND = NS(
    id=7,
    code_insee="46001",
    deposee_le=datetime(2026, 7, 1, 0, 52, tzinfo=UTC),
    etat_depuis=datetime(2026, 12, 1, 13, 5, tzinfo=UTC),
    decision_motif="Projet cohérent.",
)
CAMPAGNE = NS(nom="Appel 2026")
CONTENU = {
    "projet_titre": "Redonner vie au cœur du village",
    "contact_nom": "Jeanne Martin",
    "contact_email": "mairie@albas.test",
    "logements_vacants": 12,
    "patrimoine": [{"nom": "Église Saint-Martin"}, {"nom": ""}, {"nom": "Lavoir"}],
}
USER = NS(nom="Jeanne Martin")
ELEMENT = NS(nom="Lavoir", statut="valide")
COMMUNE = NS(nom="Albas", code_insee="46001")
VERSION = NS(numero=2, validee_le=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
OUBLI = "https://village-avenir.lot.test/mot-de-passe-oublie"

# One example context per template: a new template without its example fails below.
EXEMPLES = {
    "ajournement": dict(cand=CAND, commune_nom="Albas", date_seance=date(2026, 12, 15),
                        motivation="Revoir le budget.", url=URL),
    "complement_accuse": dict(cand=CAND, commune_nom="Albas", url=URL),
    "complement_demande": dict(cand=CAND, commune_nom="Albas", message="Le plan cadastral.", url=URL),
    "complement_recu": dict(cand=CAND, commune_nom="Albas", reponse="Voici le plan.", url=URL),
    "compte_verrouille": dict(user=USER, url_oubli=OUBLI),
    "decision": dict(cand=CAND, commune_nom="Albas", etat_libelle="Retenue", url=URL),
    "deliberation_recue": dict(commune=COMMUNE, version=VERSION, url=URL),
    "depot": dict(cand=CAND, campagne=CAMPAGNE, commune_nom="Albas", contenu=CONTENU, url=URL),
    "depot_recu": dict(cand=CAND, campagne=CAMPAGNE, commune_nom="Albas", contenu=CONTENU, url=URL),
    "etape": dict(cand=CAND, commune_nom="Albas", etat_libelle="En instruction", url=URL),
    "invitation": dict(invit=NS(nom="Jeanne Martin", expire_le=datetime(2026, 1, 8, 9, 0, tzinfo=UTC)),
                       url=URL),
    "message_departement": dict(cand=CAND, commune_nom="Albas", texte="Une question.", url=URL),
    "patrimoine_decision": dict(element=ELEMENT, commune_nom="Albas", motif="", url=URL),
    "patrimoine_declaration": dict(element=ELEMENT, commune_nom="Albas", url=URL),
    "patrimoine_visite": dict(commune_nom="Albas", date_visite=date(2026, 11, 3),
                              participants=["Jeanne Martin"], url=URL),
    "projet_valide": dict(commune=COMMUNE, version=VERSION, url_pdf=URL + ".pdf", url=URL),
    "reinitialisation": dict(user=USER, url=URL, minutes=60, url_oubli=OUBLI),
    "reponse_commune": dict(cand=CAND, commune_nom="Albas", texte="Voici.", url=URL),
    "statut_decide": dict(libelle="Rénover le lavoir", statut="Réalisée",
                          quand=date(2026, 11, 3), accepte=False, reponse="", url=URL),
    "statut_propose": dict(commune=COMMUNE, libelle="Rénover le lavoir", statut="Réalisée", url=URL),
}  # fmt: skip


def _words(markup: str) -> str:
    """What a reader of the HTML part sees: tags removed, entities decoded, spaces folded."""
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def test_every_template_has_an_example_and_every_example_a_template():
    assert gabarits.noms() == sorted(EXEMPLES)


@pytest.mark.parametrize("nom", sorted(EXEMPLES))
def test_every_template_renders_in_text_and_html_with_the_same_content(nom):
    message = render(nom, **EXEMPLES[nom])
    assert message.sujet.startswith("Village A-Venir : ") and "\n" not in message.sujet
    assert message.texte.startswith("Bonjour") and message.texte.endswith(SIGNATURE)
    assert "\n\n\n" not in message.texte  # one blank line between paragraphs, never two
    assert TAG.search(message.texte) is None, message.texte  # the text part has no HTML
    assert message.html.startswith("<!doctype html>") and '<html lang="fr">' in message.html
    assert _words(message.html) == " ".join(message.texte.split())
    for link in re.findall(r"^https://\S+$", message.texte, re.MULTILINE):  # a link line
        assert f'<a href="{link}">{link}</a>' in message.html
    assert "<img" not in message.html and "utm_" not in message.html


def test_user_text_stays_inert_in_the_html_part():
    evil = '<script>alert("x")</script>'
    message = render(
        "message_departement",
        **{**EXEMPLES["message_departement"], "texte": evil, "commune_nom": "<b>Albas</b>"},
    )
    assert "<script" not in message.html and "<b>" not in message.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in message.html
    assert evil in message.texte  # the plain text shows it as typed: a mail client won't run it
    # A "link" line a user typed cannot break out of the href attribute.
    trap = 'https://x.test/"onmouseover="alert(1)'
    message = render("reponse_commune", **{**EXEMPLES["reponse_commune"], "texte": trap})
    assert '"onmouseover="' not in message.html and "&#34;onmouseover=&#34;" in message.html


def test_a_missing_variable_fails_instead_of_sending_a_blank():
    """Each variable of each example is used: leaving it out raises (StrictUndefined). Only
    the status decision's ``accepte`` and ``reponse`` are read in one branch alone."""
    branch_only = {("statut_decide", "accepte"), ("statut_decide", "reponse")}
    for nom, contexte in EXEMPLES.items():
        with pytest.raises(UndefinedError):
            render(nom)
        for left_out in contexte:
            if (nom, left_out) in branch_only:
                continue
            with pytest.raises(UndefinedError):
                render(nom, **{k: v for k, v in contexte.items() if k != left_out})


def test_the_texts_keep_their_french_forms():
    """Elision of the commune's name, Paris time, the optional paragraphs."""
    depot = render("depot", **{**EXEMPLES["depot"], "commune_nom": "Le Vigan"})
    assert depot.sujet == "Village A-Venir : accusé de réception de la candidature du Vigan"
    assert "déposée le 01/07/2026 à 02:52 (heure de Paris)" in depot.texte
    assert "Bâtiments ou sites : Église Saint-Martin, Lavoir\n" in depot.texte
    empty = render("depot_recu", **{**EXEMPLES["depot_recu"], "contenu": {}})
    assert "Projet : sans titre\nContact : — (—)\nBâtiments ou sites : aucun\n" in empty.texte
    sans = render("complement_recu", **{**EXEMPLES["complement_recu"], "reponse": ""})
    assert "Réponse de la commune" not in sans.texte
    refus = render(
        "patrimoine_decision",
        **{
            **EXEMPLES["patrimoine_decision"],
            "element": NS(nom="Moulin", statut="refuse"),
            "motif": "Hors critères",
        },
    )
    assert refus.sujet.endswith("élément de patrimoine refusé")
    assert "a été refusé par le Département.\n\nMotif : Hors critères\n\n" in refus.texte
    statut = {**EXEMPLES["statut_decide"], "quand": None}
    assert (
        "Le Département a accepté le statut proposé — action « Rénover le lavoir »"
        in render("statut_decide", **{**statut, "accepte": True}).texte
    )
    assert (
        "n'a pas retenu le statut proposé (Trop tôt) — action"
        in render("statut_decide", **{**statut, "reponse": "Trop tôt"}).texte
    )
    assert (
        "a mis à jour le suivi au 03/11/2026 — action"
        in render("statut_decide", **EXEMPLES["statut_decide"]).texte
    )


def _render_calls(tree: ast.AST) -> list[str]:
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) == "render"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def test_every_message_function_renders_its_template():
    """Each public function of the message modules (but the outbox's plumbing) renders a
    template that exists, and every template is rendered by one of them."""
    plumbing = {"queue", "queue_all", "comptes", "ingenieurs", "lien", "liens", "render"}
    named = set()
    for path in (SERVICES / "courriels" / "messages.py", SERVICES / "plans" / "messages.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in tree.body:
            if isinstance(fn, ast.FunctionDef) and not fn.name.startswith("_"):
                if fn.name in plumbing:
                    continue
                calls = _render_calls(fn)
                assert calls, f"{path.name}:{fn.name} ne rend aucun gabarit"
                named |= set(calls)
    assert named == set(gabarits.noms())


def _text(node: ast.AST) -> str | None:
    """The text of a string literal or f-string (its literal parts), else None."""
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def test_no_message_text_is_written_in_python():
    """No f-string body left: the modules that queue e-mails hold no multi-line literal but
    their docstrings, and no module of services/ writes a greeting or a subject line."""
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if id(node) in docstrings or (text := _text(node)) is None:
                continue
            greeting = re.match(r"Bonjour|Village A-Venir :", text)
            multi_line = node.end_lineno > node.lineno
            if greeting or (multi_line and path in MESSAGE_MODULES):
                found.append(f"{path.relative_to(SERVICES)}:{node.lineno}: {text[:60]!r}")
    assert found == []
