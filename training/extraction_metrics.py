"""Precision, recall and F1 of extracted indicator mentions against the gold ones, sentence by sentence:
*exact* (value or low/high, unit and kind all equal), *value* (the same without kind: what a tool that
knows nothing of targets can reach) and *span* (character spans overlap), plus how well the kind and the
other fields agree on the mentions whose spans match, and the indicator names of those whose value and unit
also match (exact, and character F1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from model.records import Mention

Key = Callable[[Mention], tuple]


def value_key(m: Mention) -> tuple:
    """Value (or low/high of a range) and unit, rounded as the guide writes fractions (4 decimals)."""
    if m.value is None:
        return ("range", _round(m.value_low), _round(m.value_high), m.unit)
    return ("value", _round(m.value), m.unit)


def exact_key(m: Mention) -> tuple:
    """Value and unit, and kind (target or actual)."""
    return (*value_key(m), m.kind)


def count_matches(gold: Sequence[Mention], predicted: Sequence[Mention], key: Key) -> int:
    """Predictions equal to a gold mention under ``key``; each gold mention is matched at most once."""
    remaining = [key(m) for m in gold]
    hits = 0
    for m in predicted:
        k = key(m)
        if k in remaining:
            remaining.remove(k)
            hits += 1
    return hits


def overlap_pairs(gold: Sequence[Mention], predicted: Sequence[Mention]) -> list[tuple[Mention, Mention]]:
    """(gold, predicted) pairs whose spans overlap, each mention used once, greatest overlap first."""
    scored = sorted(((min(g.end, p.end) - max(g.start, p.start), i, j)
                     for i, g in enumerate(gold) for j, p in enumerate(predicted)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for overlap, i, j in scored:
        if overlap <= 0:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i], predicted[j]))
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def extraction_scores(gold: Sequence[Sequence[Mention]], predicted: Sequence[Sequence[Mention]]
                      ) -> dict[str, dict[str, float]]:
    """``{"exact"|"value"|"span": {"precision", "recall", "f1", "tp"}}`` over all sentences, and
    ``"fields"``: agreement of kind, comparator, measure and value+unit on span-matched pairs."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in predicted)
    tp = {"exact": 0, "value": 0, "span": 0}
    agree = {"kind": 0, "comparator": 0, "measure": 0, "value_unit": 0}
    pairs_total = 0
    names: list[tuple[str, str]] = []   # (gold, predicted) names of the pairs whose value and unit agree
    for g, p in zip(gold, predicted):
        tp["exact"] += count_matches(g, p, exact_key)
        tp["value"] += count_matches(g, p, value_key)
        pairs = overlap_pairs(g, p)
        tp["span"] += len(pairs)
        pairs_total += len(pairs)
        for a, b in pairs:
            agree["kind"] += a.kind == b.kind
            agree["comparator"] += a.comparator == b.comparator
            agree["measure"] += a.measure == b.measure
            same_value = value_key(a) == value_key(b)
            agree["value_unit"] += same_value
            if same_value:
                names.append((a.indicator, b.indicator))
    out: dict[str, dict[str, float]] = {name: {**prf(n, n_pred, n_gold), "tp": float(n)} for name, n in tp.items()}
    out["fields"] = {f"{k}_accuracy": (v / pairs_total if pairs_total else 0.0) for k, v in agree.items()}
    out["fields"]["matched_pairs"] = float(pairs_total)
    out["fields"]["name_exact_accuracy"] = sum(a == b for a, b in names) / len(names) if names else 0.0
    out["fields"]["name_char_f1"] = sum(char_f1(a, b) for a, b in names) / len(names) if names else 0.0
    out["fields"]["value_matched_pairs"] = float(len(names))
    out["counts"] = {"gold": float(n_gold), "predicted": float(n_pred)}
    return out


def char_f1(gold: str, predicted: str) -> float:
    """F1 of the characters two names share (as multisets): a name cut short or padded with verbs scores below 1."""
    common = sum((Counter(gold) & Counter(predicted)).values())
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)
