"""Access, for older callers: login throttling lives in ``services.connexions``, invitations in
``services.invitations``; their names are re-exported here.
"""

from __future__ import annotations

from .connexions import ConnexionRalentie, check_throttle, record_failure, record_success
from .invitations import InvitationInvalide, accept_invitation, find_invitation, invite

__all__ = [
    "ConnexionRalentie",
    "InvitationInvalide",
    "accept_invitation",
    "check_throttle",
    "find_invitation",
    "invite",
    "record_failure",
    "record_success",
]
