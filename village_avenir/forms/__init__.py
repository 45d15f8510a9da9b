"""WTForms classes, one module per area: French labels, help texts and validators; no database
access. ``base`` holds the shared :class:`Form` and fields."""
