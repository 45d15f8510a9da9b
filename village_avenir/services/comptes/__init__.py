"""Accounts.

- ``utilisateurs``: creation, authentication, activation, password change;
- ``connexions``: login throttling (per account and per address);
- ``hachage``: the password hashing method;
- ``invitations``: a commune's town-hall staff invited by e-mail;
- ``motdepasse``: « mot de passe oublié » tokens;
- ``sessions``: one session per device, ended one by one or all together.
"""
