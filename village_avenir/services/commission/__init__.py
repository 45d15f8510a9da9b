"""The selection committee.

- ``seance``: prepare the session, freeze its pack, record decisions;
- ``dossier``: the pack's contents (applications, eligibility, scores, map).
"""
