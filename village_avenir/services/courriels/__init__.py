"""E-mails.

- ``messages``: the outbox's writing side (``queue``, in the caller's transaction) and one
  function per event choosing the recipients;
- ``textes``: the French texts of each message;
- ``envoi``: the sending side (SMTP, retries, at-least-once delivery).
"""
