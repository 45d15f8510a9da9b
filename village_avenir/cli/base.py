"""What every ``flask`` command shares: who acts (for the journal) and the refusal message."""

from __future__ import annotations

import getpass

import click


def qui() -> str:
    """The journal's author of a command-line change: « ligne de commande (<user>) »."""
    try:
        return f"ligne de commande ({getpass.getuser()})"
    except Exception:  # pragma: no cover - no user name in some containers
        return "ligne de commande"


def fail(exc: Exception) -> click.ClickException:
    """A refused file: the reader's French message and the promise that nothing was written."""
    return click.ClickException(f"{exc}\nFichier refusé : aucune donnée n'a été importée.")
