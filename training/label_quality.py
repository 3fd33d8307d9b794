"""Find labels that are likely wrong: out-of-fold probabilities from grouped cross-validation by document
on the train split, then cleanlab's confident-learning filter per label. A flagged sentence is one to
re-read against the guide, not a label to flip."""

from __future__ import annotations

import csv
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from model.records import LABELS, THEMES

from .dataset import load_labelled
from .repository import DEFAULT_DATA
from .schema import LabelledSentence
from .train import TrainConfig, fit_tagger

ISSUE_FIELDS = ("sid", "text", "label", "given", "predicted", "score")


@dataclass
class LabelIssue:
    """A likely mislabelled sentence: the label given, the out-of-fold probability of the label being 1,
    and cleanlab's label-quality score (lower: more likely wrong)."""

    sid: str
    text: str
    label: str
    given: int
    predicted: float
    score: float


def out_of_fold_probabilities(records: list[LabelledSentence], folds: int = 5, config: TrainConfig | None = None,
                              log=lambda msg: print(msg, file=sys.stderr)) -> np.ndarray:
    """(n, 5) probabilities of each label, every sentence predicted by a tagger that never saw its document."""
    # Thresholds play no part in probabilities: tune them on 2 inner folds only, to keep each fit short.
    config = replace(config or TrainConfig(), threshold_cv=2)
    groups = np.array([r.doc_id for r in records])
    splitter = GroupKFold(n_splits=min(folds, len(set(groups))))
    proba = np.zeros((len(records), len(LABELS)))
    for k, (train, held_out) in enumerate(splitter.split(np.zeros(len(records)), groups=groups), start=1):
        tagger = fit_tagger(config, [records[i] for i in train])
        results = tagger.predict_sentences([records[i].text for i in held_out],
                                           [records[i].section for i in held_out])
        for i, result in zip(held_out, results):
            proba[i] = [*(result.themes[t] for t in THEMES), result.quant_target_prob]
        log(f"  fold {k}: {len(train)} sentences fitted, {len(held_out)} predicted")
    return proba


def find_issues(records: list[LabelledSentence], proba: np.ndarray, labels: tuple[str, ...] = LABELS
                ) -> list[LabelIssue]:
    """Sentences cleanlab flags for each label, most likely wrong first."""
    from cleanlab.filter import find_label_issues
    from cleanlab.rank import get_label_quality_scores

    found: list[tuple[float, LabelIssue]] = []
    for label in labels:
        j = LABELS.index(label)
        given = np.array([r.labels[label] for r in records], dtype=int)
        if given.min() == given.max():
            continue
        pred_probs = np.column_stack([1 - proba[:, j], proba[:, j]])
        flagged = find_label_issues(given, pred_probs, n_jobs=1)
        scores = get_label_quality_scores(given, pred_probs)
        found += [(float(scores[i]), LabelIssue(records[i].sid, records[i].text, label, int(given[i]),
                                                round(float(proba[i, j]), 4), round(float(scores[i]), 4)))
                  for i in np.flatnonzero(flagged)]
    found.sort(key=lambda item: (item[0], item[1].sid, item[1].label))
    return [issue for _, issue in found]


def label_quality(data: Path = DEFAULT_DATA, folds: int = 5, config: TrainConfig | None = None,
                  records: list[LabelledSentence] | None = None, log=lambda msg: print(msg, file=sys.stderr)
                  ) -> list[LabelIssue]:
    """Likely label errors on the train split of ``data`` (or on ``records``)."""
    records = records if records is not None else load_labelled(data, split="train")
    log(f"gwr label quality: {len(records)} sentences, {folds}-fold cross-validation grouped by document")
    return find_issues(records, out_of_fold_probabilities(records, folds, config, log))


def write_issues(issues: list[LabelIssue], path: Path) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ISSUE_FIELDS)
        writer.writeheader()
        writer.writerows(asdict(issue) for issue in issues)
