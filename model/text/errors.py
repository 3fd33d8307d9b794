"""Typed errors for input that cannot be read as a report.

Each carries a short machine-readable ``kind`` (used in the ``--errors`` stream of ``gwr score``)
and a message that names the input and the reason.
"""

from __future__ import annotations


class ReportInputError(ValueError):
    """An input that cannot be turned into report text."""

    kind = "unreadable"

    def __init__(self, reason: str, source: str | None = None):
        self.reason = reason
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{reason}")

    def with_source(self, source: str) -> "ReportInputError":
        """The same error, naming ``source`` (used when bytes were read before the name was known)."""
        return type(self)(self.reason, source)


class EmptyInputError(ReportInputError):
    kind = "empty"


class BinaryInputError(ReportInputError):
    kind = "binary"


class DecodingError(ReportInputError):
    kind = "encoding"


class NoTextError(ReportInputError):
    """Decoded fine, but holds no report sentence (e.g. an HTML page of navigation only)."""

    kind = "no_text"


class TooLargeError(ReportInputError):
    """Larger than any report: refused before it is read, so that one file cannot exhaust memory or time."""

    kind = "too_large"
