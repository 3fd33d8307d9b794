"""Input errors name the input and the reason, and carry a kind for the error stream."""

from __future__ import annotations

from model.text.errors import BinaryInputError, EmptyInputError, ReportInputError, TooLargeError


def test_errors_name_the_source_and_kind():
    error = EmptyInputError("the file is empty")
    assert str(error) == "the file is empty" and error.kind == "empty"
    named = error.with_source("reports/a.txt")
    assert str(named) == "reports/a.txt: the file is empty" and type(named) is EmptyInputError
    assert {BinaryInputError.kind, TooLargeError.kind, ReportInputError.kind} == {"binary", "too_large", "unreadable"}
