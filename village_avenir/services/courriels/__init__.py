"""E-mails.

- ``messages``: the outbox's writing side (``queue``, in the caller's transaction) and one
  function per event choosing the recipients and the links;
- ``gabarits``: renders a message from its template, ``templates/courriels/<nom>.txt`` (subject
  and plain text as two blocks); the HTML part is the same paragraphs in the shared layout
  ``templates/courriels/_base.html``, so both parts always say the same thing;
- ``envoi``: the sending side (SMTP, retries, at-least-once delivery).
"""
