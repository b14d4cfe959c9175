"""The log capture the secrets scan reads: every record's fully formatted text."""

from __future__ import annotations

import logging
import traceback


class Capture(logging.Handler):
    """Keeps every record's fully formatted text (message, args, exception, stack)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.texts.append(self.format(record) + repr(record.__dict__))
        except Exception:  # a record that cannot be formatted is still scanned as best we can
            self.texts.append(repr(record.__dict__) + traceback.format_exc())
