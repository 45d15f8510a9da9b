"""The roles of the accounts, from least to most powerful.

Public visitors have no account. ``commune``: a mayor or town-hall staff, bound to one commune;
``ingenieur``: Département staff, every commune; ``admin``: accounts, campaigns and parameters,
with the engineer's rights too. Permission checks live in ``auth.py``; the workflow
(``workflow.py``) says which role makes each move.
"""

from __future__ import annotations

COMMUNE, INGENIEUR, ADMIN = "commune", "ingenieur", "admin"
ROLES = {
    COMMUNE: "Commune (maire, secrétaire de mairie)",
    INGENIEUR: "Ingénieur du Département",
    ADMIN: "Administrateur",
}
# Roles that see every commune.
DEPARTEMENT = (INGENIEUR, ADMIN)
