"""The checkout's data: where it is, and one line saying what is missing when it is not there."""

from __future__ import annotations

import pytest

from training.repository import DEFAULT_DATA, RAW_INPUTS, MissingData, in_checkout, require


def test_this_is_a_checkout_with_its_data():
    assert in_checkout() and DEFAULT_DATA.is_file() and all(p.exists() for p in RAW_INPUTS)


def test_a_missing_path_is_named_with_the_option_that_gives_it(tmp_path):
    assert require(DEFAULT_DATA, "labelled sentences", "--data FILE") == DEFAULT_DATA
    with pytest.raises(MissingData) as caught:
        require(tmp_path / "none.jsonl", "labelled sentences", "--data FILE")
    message = str(caught.value)
    assert "none.jsonl" in message and "--data FILE" in message and "\n" not in message
