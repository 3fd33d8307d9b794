"""The labelled-sentence record: its schema, validation and typed form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from model.records import COMPARATORS, KINDS, LABELS, MEASURES, SECTIONS as PARTS, Mention

SOURCES = ("seed", "local", "national", "recent", "devset")
SAMPLINGS = ("census", "random", "enriched")
SPLITS = ("train", "test")
SECTIONS = (*PARTS, None)  # a labelled sentence may sit in no part

ALLOWED_MENTION_FIELDS = frozenset(Mention.__dataclass_fields__)
REQUIRED = {
    "sid": str, "doc_id": str, "sent_id": int, "source": str, "sampling": str, "text": str,
    "mentions": list, "annotator": str, "double": bool, "split": str,
}


@dataclass
class LabelledSentence:
    """A report sentence with its five labels and indicator mentions (see docs/labelling.md)."""

    sid: str
    doc_id: str
    sent_id: int
    source: str
    sampling: str
    text: str
    innovation: int
    talent: int
    urban: int
    party: int
    quant_target: int
    mentions: list[Mention]
    annotator: str
    double: bool
    split: str
    section: str | None = None
    heading: str | None = None
    place: str | None = None
    year: int | None = None
    enriched_for: str | None = None
    annotators: list[str] = field(default_factory=list)

    @property
    def labels(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in LABELS}

    @classmethod
    def from_dict(cls, record: dict) -> "LabelledSentence":
        problems = validate_record(record)
        if problems:
            raise ValueError(f"{record.get('sid', '?')}: " + "; ".join(problems))
        data = {k: v for k, v in record.items() if k in cls.__dataclass_fields__}
        data["mentions"] = [Mention(**m) for m in record["mentions"]]
        return cls(**data)

    def to_dict(self) -> dict:
        out = asdict(self)
        return {k: v for k, v in out.items() if v is not None or k in ("section", "heading")}


def validate_record(record: dict) -> list[str]:
    """Every way ``record`` breaks the schema (empty when it is valid)."""
    problems = []
    for name, kind in REQUIRED.items():
        if not isinstance(record.get(name), kind):
            problems.append(f"{name} must be {kind.__name__}")
    for name in LABELS:
        if record.get(name) not in (0, 1) or isinstance(record.get(name), bool):
            problems.append(f"{name} must be 0 or 1")
    if record.get("source") not in SOURCES:
        problems.append(f"source must be one of {SOURCES}")
    if record.get("sampling") not in SAMPLINGS:
        problems.append(f"sampling must be one of {SAMPLINGS}")
    if record.get("split") not in SPLITS:
        problems.append(f"split must be one of {SPLITS}")
    if record.get("section") not in SECTIONS:
        problems.append("section must be review, plan or null")
    text = record.get("text") or ""
    for i, m in enumerate(record.get("mentions") or []):
        problems.extend(f"mention {i}: {p}" for p in validate_mention(m, text, ALLOWED_MENTION_FIELDS))
    return problems


def validate_mention(m: dict, text: str, allowed: set[str]) -> list[str]:
    problems = []
    if not isinstance(m, dict):
        return ["must be an object"]
    extra = set(m) - allowed
    if extra:
        problems.append(f"unknown fields {sorted(extra)}")
    for name in ("indicator", "unit"):
        if not isinstance(m.get(name), str) or not m.get(name):
            problems.append(f"{name} must be a non-empty string")
    if m.get("comparator") not in COMPARATORS:
        problems.append(f"comparator must be one of {COMPARATORS}")
    if m.get("kind") not in KINDS:
        problems.append(f"kind must be one of {KINDS}")
    if m.get("measure") not in MEASURES:
        problems.append(f"measure must be one of {MEASURES}")
    start, end = m.get("start"), m.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        problems.append("start/end must be offsets inside the text")
    if m.get("comparator") == "range":
        if not all(isinstance(m.get(k), (int, float)) for k in ("value_low", "value_high")):
            problems.append("a range needs value_low and value_high")
    elif not isinstance(m.get("value"), (int, float)) or isinstance(m.get("value"), bool):
        problems.append("value must be a number")
    return problems
