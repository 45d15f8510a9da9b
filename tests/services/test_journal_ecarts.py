"""The journal records what changed, not whole documents, and one entry is bounded (issue 25,
L4: continuous saving of a long application grew the journal by about 2 MB a minute)."""

from __future__ import annotations

import json

import pytest

from village_avenir.services.audit import (
    JOURNAL_ENTREE_MAX,
    JOURNAL_MAX,
    cap,
    changes,
    record,
    span,
)


class _Session:
    def __init__(self):
        self.added = []

    def add(self, row):
        self.added.append(row)


def _size(entry) -> int:
    return sum(len(x or "") for x in (entry.avant, entry.apres, entry.motif))


def test_unchanged_fields_are_dropped_short_context_kept():
    long = "Lavoir du XVIIIe siècle, " * 40
    avant = {"domaine": "logement", "description": long, "etat": "brouillon", "n": 1}
    apres = {"domaine": "logement", "description": long, "etat": "deposee", "n": 1}
    before, after = changes(avant, apres)
    assert before == {"domaine": "logement", "etat": "brouillon", "n": 1}
    assert after == {"domaine": "logement", "etat": "deposee", "n": 1}
    # A side alone (creation) is kept as given; nested objects field by field.
    assert changes(None, {"a": 1}) == (None, {"a": 1})
    nested = changes({"p": {"x": long, "y": 1}}, {"p": {"x": long, "y": 2}})
    assert nested == ({"p": {"y": 1}}, {"p": {"y": 2}})


def test_a_long_text_is_kept_as_its_changed_span():
    text = "a" * 5_000 + " ancien mot " + "b" * 5_000
    before, after = span(text, text.replace("ancien", "nouveau"))
    assert "ancien" in before and "nouveau" in after
    assert before.startswith("[… 4\u202f961 caractères inchangés] ")
    assert after.endswith(" [… 4\u202f965 caractères inchangés]")
    assert len(before) < 200 and len(after) < 200
    assert span("court", "bref") == ("court", "bref")  # short texts stay whole


def test_one_side_and_one_entry_are_bounded():
    for values in (
        {f"k{i}": "b" * 1_999 for i in range(100)},
        {"liste": [{"x": "y" * 500} for _ in range(200)]},
        {"k" * 10_000: "v"},
        {f"champ_{i}": "z" * 20_000 for i in range(15)},
    ):
        assert len(cap(values)) <= JOURNAL_MAX
    assert json.loads(cap({"n": 3, "l": ["x"]})) == {"n": 3, "l": ["x"]}
    # The worst save: every field of a long application rewritten, a long reason.
    old = {f"champ_{i}": "x" * 20_000 for i in range(15)}
    new = {f"champ_{i}": "y" * 20_000 for i in range(15)}
    session = _Session()
    entry = record(
        session,
        qui="q",
        action="a",
        objet="o",
        objet_id="1",
        avant=old,
        apres=new,
        motif="m" * 50_000,
    )
    assert _size(entry) <= JOURNAL_ENTREE_MAX


def test_a_small_edit_of_a_long_application_makes_a_small_entry():
    description = "Le projet de réhabilitation du presbytère. " * 400  # 17 600 characters
    old = {"projet_description": description, "projet_titre": "Presbytère"}
    new = {"projet_description": description + " Ajout.", "projet_titre": "Presbytère"}
    entry = record(_Session(), qui="q", action="a", objet="o", objet_id="1", avant=old, apres=new)
    assert _size(entry) < 400
    assert "Ajout." in entry.apres and "caractères inchangés" in entry.apres


@pytest.mark.slow
def test_the_growth_benchmark_runs_small_and_prints_its_figures():
    """scripts/bench_journal.py --petit: the script cannot rot, and its worst case stays
    far below the probe's 2 MB a minute (one entry bounded)."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "scripts/bench_journal.py", "--petit"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    worst = re.search(r"pire cas : ([\d\u202f ]+) octets par entrée", done.stdout)
    assert worst and "par heure d'enregistrement continu" in done.stdout, done.stdout
    assert int(re.sub(r"\D", "", worst.group(1))) <= JOURNAL_ENTREE_MAX + 200
