"""Driver of the crash tests (tests/services/test_crash.py), run as a separate process:

    python -m tests.crash_driver import URL PIECES_DIR ARCHIVE [--tuer-apres N]
    python -m tests.crash_driver save URL PIECES_DIR CANDIDATURE_ID [--tuer]
    python -m tests.crash_driver export URL PIECES_DIR ARCHIVE [--tuer-apres N]

``import`` restores ARCHIVE with ``--remplacer`` (deletes every row, then inserts the
archive's, in one transaction); with ``--tuer-apres N`` the process SIGKILLs itself right
after the N-th batch of rows was sent to the database, uncommitted.
``save`` saves a new content and a PDF into an application through the service; with
``--tuer`` it SIGKILLs itself after the flush, when the UPDATE and the journal INSERT are in
the database but not committed. ``export`` writes ARCHIVE; with ``--tuer-apres N`` it
SIGKILLs itself after encoding N rows (the zip is half written). It prints ``ARRET <what>`` just before killing itself.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from sqlalchemy import event

from village_avenir import create_app
from village_avenir.db import get_session


def _die(what: str) -> None:
    print(f"ARRET {what}", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["import", "save", "export"])
    parser.add_argument("url")
    parser.add_argument("pieces")
    parser.add_argument("cible")
    parser.add_argument("--tuer-apres", type=int, default=0)
    parser.add_argument("--tuer", action="store_true")
    args = parser.parse_args(argv)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": args.url,
            "SECRET_KEY": "crash",
            "PIECES_DIR": args.pieces,
        }
    )
    with app.app_context():
        session = get_session()
        if args.mode == "export":
            from village_avenir.services import sauvegarde

            if args.tuer_apres:
                encode, calls = sauvegarde.encode, []

                def encode_then_maybe_die(column, value):
                    calls.append(1)
                    if len(calls) == args.tuer_apres:
                        _die(f"après {len(calls)} valeurs")
                    return encode(column, value)

                sauvegarde.encode = encode_then_maybe_die
            bilan = sauvegarde.export_archive(session, Path(args.cible), Path(args.pieces))
            print("FAIT", bilan.summary(), flush=True)
        elif args.mode == "import":
            from village_avenir.services import sauvegarde

            if args.tuer_apres:
                original, calls = sauvegarde._insert_batch, []

                def insert_then_maybe_die(conn, table, batch):
                    original(conn, table, batch)
                    calls.append(table.name)
                    if len(calls) == args.tuer_apres:
                        _die(f"après le lot {len(calls)} ({table.name}, {len(batch)} lignes)")

                sauvegarde._insert_batch = insert_then_maybe_die
            bilan = sauvegarde.import_archive(
                session, Path(args.cible), Path(args.pieces), qui="crash", remplacer=True
            )
            print("FAIT", bilan.summary(), flush=True)
        else:
            from village_avenir.models import Candidature
            from village_avenir.services.candidatures import dossiers as cands

            cand = session.get(Candidature, int(args.cible))
            if args.tuer:
                event.listen(session, "after_flush", lambda *_: _die("après le flush"))
            contenu = {**cands.contenu_of(cand), "projet_titre": "Titre après la panne"}
            from tests.pdfs import minimal_pdf

            pdf = minimal_pdf(title="nouvelle deliberation")
            cands.save_draft(
                session,
                cand,
                contenu=contenu,
                version_attendue=cand.version,
                qui="crash",
                piece=("nouvelle.pdf", pdf),
            )
            print("FAIT version", cand.version, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
