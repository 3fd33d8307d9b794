"""Records that cross module lines: a report's sentences and the document that holds them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SECTIONS = ("review", "plan")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report, with where it sits in the document.

    ``start``/``end`` are offsets into :attr:`Document.body`, so ``body[start:end] == text``.
    """

    doc_id: str
    sent_id: int
    text: str
    section: str | None = None
    heading: str | None = None
    is_heading: bool = False
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Document:
    """A report read from a file or a record: its metadata, clean body text and sentences."""

    doc_id: str
    body: str
    meta: dict[str, object] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    encoding: str | None = None

    def split_records(self) -> list[dict]:
        """The ``gwr split`` output: one JSON-ready record per sentence, carrying the metadata."""
        return [
            {
                "doc_id": s.doc_id,
                "sent_id": s.sent_id,
                "section": s.section,
                "heading": s.heading,
                "is_heading": s.is_heading,
                "text": s.text,
                "meta": self.meta,
            }
            for s in self.sentences
        ]


THEMES = ("innovation", "talent", "urban", "party")
LABELS = (*THEMES, "quant_target")
COMPARATORS = ("=", ">=", "<=", "~", "range")
KINDS = ("target", "actual")
MEASURES = ("level", "growth", "share", "count")


@dataclass(frozen=True)
class Mention:
    """One indicator mention: a measured number in a sentence, with the fields of the labelling guide.

    ``start``/``end`` are character offsets of the number with its unit in the sentence text.
    """

    indicator: str
    value: float | None
    unit: str
    comparator: str
    kind: str
    measure: str
    start: int
    end: int
    value_low: float | None = None
    value_high: float | None = None

    def to_dict(self) -> dict:
        """The contract's field order."""
        return {k: getattr(self, k) for k in MENTION_FIELDS}


MENTION_FIELDS = ("indicator", "value", "value_low", "value_high", "unit", "comparator", "kind", "measure",
                  "start", "end")


@dataclass
class SentenceResult:
    """What the tagger says of one sentence: the scoring contract's per-sentence fields."""

    text: str
    themes: dict[str, float]
    labels: list[str]
    quant_target: bool
    quant_target_prob: float
    indicators: list[Mention] = field(default_factory=list)
    section: str | None = None
    section_prob: float | None = None

    def to_dict(self) -> dict:
        return {
            "section": self.section,
            "section_prob": None if self.section_prob is None else round(float(self.section_prob), 4),
            "text": self.text,
            "themes": {k: round(float(v), 4) for k, v in self.themes.items()},
            "labels": list(self.labels),
            "quant_target": bool(self.quant_target),
            "quant_target_prob": round(float(self.quant_target_prob), 4),
            "indicators": [m.to_dict() for m in self.indicators],
        }
