"""Inter-annotator agreement on the double-labelled sentences: Cohen's kappa per label, and mention
agreement (exact fields, and span overlap)."""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.metrics import cohen_kappa_score

from model.records import LABELS

from .dataset import Annotation, mention_keys


@dataclass(frozen=True)
class LabelAgreement:
    label: str
    n: int
    positives_a: int
    positives_b: int
    observed: float
    kappa: float


def label_agreement(pairs: list[tuple[Annotation, Annotation]]) -> list[LabelAgreement]:
    """Kappa of the first against the second annotator of each double-labelled sentence, per label."""
    out = []
    for label in LABELS:
        a = [p[0].labels[label] for p in pairs]
        b = [p[1].labels[label] for p in pairs]
        same = sum(x == y for x, y in zip(a, b))
        kappa = cohen_kappa_score(a, b) if len(set(a) | set(b)) > 1 else 1.0
        out.append(LabelAgreement(label, len(pairs), sum(a), sum(b), same / len(pairs) if pairs else 0.0,
                                  float(kappa)))
    return out


def mention_agreement(pairs: list[tuple[Annotation, Annotation]]) -> dict[str, float]:
    """F1 of one annotator's mentions against the other's: all fields exact, and span overlap only."""
    exact_tp = overlap_tp = n_a = n_b = 0
    for a, b in pairs:
        n_a += len(a.mentions)
        n_b += len(b.mentions)
        exact_tp += len(mention_keys(a.mentions) & mention_keys(b.mentions))
        used: set[int] = set()
        for m in a.mentions:
            for j, o in enumerate(b.mentions):
                if j not in used and m["start"] < o["end"] and o["start"] < m["end"]:
                    used.add(j)
                    overlap_tp += 1
                    break
    def f1(tp: int) -> float:
        return 2 * tp / (n_a + n_b) if n_a + n_b else 1.0
    return {"mentions_a": n_a, "mentions_b": n_b, "exact_f1": f1(exact_tp), "span_f1": f1(overlap_tp)}
