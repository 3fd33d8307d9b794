"""Judge any tagger on labelled sentences from its contract-shaped output, overall and by part
(local, national, seed reports; the unbiased part without enriched samples)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from model.records import LABELS, THEMES, Mention

from .metrics import extraction_metrics, label_metrics
from .schema import SOURCES, LabelledSentence

Predict = Callable[[list[str], list[str | None]], list[dict]]
PARTS = {
    "all": lambda r: True,
    **{source: (lambda r, source=source: r.source == source) for source in SOURCES},
    "unbiased": lambda r: r.sampling != "enriched",
}


def as_predict(tagger) -> Predict:
    """A tagger (anything with ``predict_sentences``) as a function to contract records."""
    return lambda texts, sections: [r.to_dict() for r in tagger.predict_sentences(texts, sections)]


def mention_from_dict(d: dict) -> Mention:
    return Mention(**{k: d.get(k) for k in Mention.__dataclass_fields__})


def gold_matrix(records: Sequence[LabelledSentence]) -> np.ndarray:
    return np.array([[getattr(r, k) for k in LABELS] for r in records], dtype=int).reshape(len(records), len(LABELS))


def prediction_arrays(predictions: Sequence[dict]) -> tuple[np.ndarray, np.ndarray, list[list[Mention]]]:
    """Predicted 0/1 matrix, probability matrix (LABELS order) and mentions from contract records."""
    flags = np.array([[int(t in p["labels"]) for t in THEMES] + [int(bool(p["quant_target"]))] for p in predictions],
                     dtype=int).reshape(len(predictions), len(LABELS))
    proba = np.array([[float(p["themes"][t]) for t in THEMES] + [float(p["quant_target_prob"])] for p in predictions],
                     dtype=float).reshape(len(predictions), len(LABELS))
    mentions = [[mention_from_dict(m) for m in p["indicators"]] for p in predictions]
    return flags, proba, mentions


def score(records: Sequence[LabelledSentence], predictions: Sequence[dict]) -> dict[str, float]:
    """Flat metrics ``{part}_{metric}`` for every part with sentences."""
    gold = gold_matrix(records)
    flags, proba, mentions = prediction_arrays(predictions)
    out: dict[str, float] = {}
    for part, keep in PARTS.items():
        idx = [i for i, r in enumerate(records) if keep(r)]
        if not idx:
            continue
        metrics = label_metrics(gold[idx], flags[idx], proba[idx])
        metrics.update(extraction_metrics([records[i].mentions for i in idx], [mentions[i] for i in idx]))
        metrics["sentences"] = float(len(idx))
        metrics["selection_score"] = selection_score(metrics)
        out.update({f"{part}_{k}": v for k, v in metrics.items()})
    return out


def selection_score(metrics: dict[str, float]) -> float:
    """The single number the quality gate compares: the mean of theme macro-F1, quant_target F1 and
    indicator exact F1."""
    return float(np.mean([metrics["themes_macro_f1"], metrics["quant_target_f1"], metrics["indicator_exact_f1"]]))


def predict_records(predict: Predict, records: Sequence[LabelledSentence], batch: int = 2048) -> list[dict]:
    out: list[dict] = []
    for i in range(0, len(records), batch):
        part = records[i:i + batch]
        out.extend(predict([r.text for r in part], [r.section for r in part]))
    return out


def score_tagger(tagger, records: Sequence[LabelledSentence]) -> tuple[list[LabelledSentence], list[dict]]:
    """The records and the tagger's predictions of them, each with its layout reader's section (what the
    extractor and the quant_target head read; the section model is judged on the structure labels, see
    :func:`~training.sections.section_accuracy`)."""
    records = list(records)
    return records, predict_records(as_predict(tagger), records)


def errors(records: Sequence[LabelledSentence], predictions: Sequence[dict]) -> list[dict]:
    """The misclassified sentences, one row per wrong label, with the error kind (false positive/negative)."""
    gold = gold_matrix(records)
    flags, proba, _ = prediction_arrays(predictions)
    rows = []
    for i, r in enumerate(records):
        for j, label in enumerate(LABELS):
            if gold[i, j] != flags[i, j]:
                rows.append({"sid": r.sid, "source": r.source, "label": label,
                             "error": "false_positive" if flags[i, j] else "false_negative",
                             "probability": round(float(proba[i, j]), 4), "section": r.section, "text": r.text})
    return rows
