"""The request plumbing: neither a use case nor a view.

- ``auth``: Flask-Login, roles and the commune-access decorators;
- ``auteurs``: who did it, for the journal;
- ``appareils``: the device cookie (known devices, per-device sessions);
- ``compression``: Brotli or gzip of the answers (not of the pages reflecting the input);
- ``http``: bounded integer URLs and the safety headers (HSTS among them);
- ``input_guard``: a French 400 for a NUL character in a request;
- ``limites``: journaled writes per account per minute;
- ``static_urls``: fingerprinted static URLs.
"""
