"""The one base class of the refusals: what a user asked for is refused, with a French message.

Domain rules, services and maps refuse a request by raising a subclass of :class:`Refus`
(``CompteInvalide``, ``PlanConflit``…). The class carries the HTTP status the web answers with
(``status``, 400 unless the class says otherwise) and the exception its French message, so one
error handler (``views/errors.py``) answers every refusal a view does not catch: the error page,
or the JSON error under ``/api/``, with that status and those words. A view catches a refusal
only to show its form again, or to flash it and redirect (``views/refus.py``: ``act``,
``show_on``); ``tests/web/test_refus_vues.py`` fails on a hand-written ``except`` that only
aborts.

Pure: no Flask, no database. A class that older code catches as ``ValueError`` (or
``LookupError``…) keeps that base beside this one (``class PlanInvalide(Refus, ValueError)``).
"""

from __future__ import annotations


class Refus(Exception):
    """A refused request; ``str(exc)`` (or :attr:`message`) is the French message."""

    #: The HTTP status of the answer: 400 the request as it stands (a value, a form, a state),
    #: 403 not allowed, 404 not found, 409 someone else changed it first, 429 too many tries.
    status: int = 400

    @property
    def message(self) -> str:
        return str(self)


class Introuvable(Refus, LookupError):
    """What is asked for by its number does not exist (a message, a snapshot…)."""

    status = 404
