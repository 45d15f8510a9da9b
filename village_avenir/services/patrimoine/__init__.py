"""Heritage inventory use cases (issue 22). ``visite``: the on-site visit sent from a phone
(visit, items, photos, each stored once per ``client_uid``); ``photos``: the photo files
(checked on their bytes, re-encoded without metadata, stored beside the uploaded pieces)."""
