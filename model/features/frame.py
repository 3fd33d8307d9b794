"""The columns the models read for a batch of sentences: text, words and section (and what a model adds, such
as the indicator extractor's counts), as a light mapping for scoring and as a pandas frame for training."""

from __future__ import annotations

from collections.abc import Sequence

from ..records import SECTIONS
from ..text.script import to_simplified
from .tokenize import tokenize_joined

COLUMNS = ("text", "tokens", "section")


def frame_section(section: str | None) -> str:
    """The section as the models read it: one of SECTIONS, or ``none``."""
    return section if section in SECTIONS else "none"


class SentenceColumns:
    """Named columns of a batch of sentences; ``tokens`` (the words joined by spaces) are segmented when first
    read, from the text with traditional characters read as simplified (``fold_script``; models trained
    before that read the characters as written); ``section`` holds :func:`frame_section` values."""

    def __init__(self, texts: Sequence[str], sections: Sequence[str | None] | None = None,
                 tokens: Sequence[str] | None = None, fold_script: bool = True):
        self.texts = list(texts)
        self.fold_script = fold_script
        self._columns: dict[str, Sequence] = {
            "text": self.texts,
            "section": [frame_section(s) for s in (sections if sections is not None else [None] * len(self.texts))],
        }
        if tokens is not None:
            self._columns["tokens"] = list(tokens)

    def __len__(self) -> int:
        return len(self.texts)

    def column(self, name: str | tuple[str, ...]):
        """One column (a list), or a tuple of columns for a tuple of names."""
        if isinstance(name, tuple):
            return tuple(self.column(n) for n in name)
        if name == "tokens" and name not in self._columns:
            self._columns["tokens"] = tokenize_joined([to_simplified(t) for t in self.texts] if self.fold_script
                                                      else self.texts)
        try:
            return self._columns[name]
        except KeyError:
            raise KeyError(f"no column {name!r} among {sorted(self._columns)}") from None

    def add(self, **columns: Sequence) -> SentenceColumns:
        for name, values in columns.items():
            if len(values) != len(self.texts):
                raise ValueError(f"column {name!r}: {len(values)} values for {len(self.texts)} sentences")
            self._columns[name] = values
        return self

    def to_frame(self):
        """A pandas frame of every column (what scikit-learn's ColumnTransformer reads)."""
        import pandas as pd

        self.column("tokens")
        return pd.DataFrame({name: pd.Series(list(values), dtype=object) if name in COLUMNS else list(values)
                             for name, values in self._columns.items()})


def sentence_frame(texts: Sequence[str], sections: Sequence[str | None] | None = None,
                   tokens: Sequence[str] | None = None):
    """The model input of training as a pandas frame: ``text``, ``tokens`` (segmented here unless given) and
    ``section``. Columns hold Python strings (object dtype): the models iterate them, and Arrow-backed strings
    would convert every value on the way out."""
    columns = SentenceColumns(texts, sections, tokens)
    return columns.to_frame()[list(COLUMNS)]
