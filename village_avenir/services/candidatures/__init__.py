"""Applications (candidatures), from the draft to the decision.

- ``dossiers``: start, save drafts, deposit; the read queries of the lists and maps;
- ``diagnostic``: the figures a commune declared feed the diagnosis;
- ``instruction``: workflow transitions, notes, requests for more;
- ``avis``: the opinions of the Département's services;
- ``deliberations``: the council's deliberation attached to an application;
- ``echanges``: the messages between the commune and the Département;
- ``pieces``: the uploaded PDFs and photos (checked, stored after commit).
"""
