"""The input table the models read: one row per sentence with its text, words and section."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..runtime.inference import frame_section
from .tokenize import tokenize_joined

COLUMNS = ("text", "tokens", "section")


def sentence_frame(texts: Sequence[str], sections: Sequence[str | None] | None = None,
                   tokens: Sequence[str] | None = None) -> pd.DataFrame:
    """Build the model input; words are segmented here unless given (segment once, share everywhere).

    Columns hold Python strings (object dtype): the models iterate them, and Arrow-backed strings would
    convert every value on the way out.
    """
    texts = list(texts)
    return pd.DataFrame({
        "text": pd.Series(texts, dtype=object),
        "tokens": pd.Series(list(tokens) if tokens is not None else tokenize_joined(texts), dtype=object),
        "section": pd.Series([frame_section(s) for s in (sections or [None] * len(texts))], dtype=object),
    })
