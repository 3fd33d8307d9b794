"""The quant_target decision of a sentence read in its document, as scoring computes it: a logistic regression
over the first pass's probability of the sentence and of its neighbours, the sentence's part (the section
model's posteriors) and its place in a list of items after a lead-in ("主要预期目标是：").

The array form of a fitted :class:`~model.classifiers.quant_context.QuantContextClassifier`, on numpy alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from ..runtime.arrays import part
from .section_model import SECTION_STATES, context_features

# A sentence that announces a list: it ends in a colon or names the targets that follow.
LEAD_IN = re.compile(r"[：:]\s*$|主要(?:预期|發展|发展)?目标|預期目標|预期目标|目标任务是|主要指标")
# A list item: numbered (（一） 1. ①), or counted in words (一是, 第二，).
LIST_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.]|\d{1,2}[、．.](?!\d)"
                       r"|[①-⑳⑴-⒇]|[一二三四五六七八九十]是|第[一二三四五六七八九十]{1,3}[，,、是])")
# How many items after a lead-in still belong to its list.
LIST_REACH = 12
# Windows (first, last offset) over which the neighbours' first-pass probabilities are averaged.
NEIGHBOUR_WINDOWS = ((-1, -1), (1, 1), (-3, -1), (1, 3))
MARK_NAMES = ("lead_in", "list_item", "after_lead_in", "in_list")


def list_marks(texts: Sequence[str]) -> np.ndarray:
    """(n, 4) 0/1 marks of one document's sentences, in order: a lead-in, a list item, just after a lead-in,
    and inside a list (a lead-in before it with only list items between, at most LIST_REACH back)."""
    lead = np.array([bool(LEAD_IN.search(t)) for t in texts], dtype=np.float64)
    item = np.array([bool(LIST_ITEM.match(t)) for t in texts], dtype=np.float64)
    after = np.concatenate([[0.0], lead[:-1]]) if len(texts) else lead.copy()
    inside = np.zeros(len(texts))
    open_list = -1  # the index of the lead-in whose list is still running
    for i in range(len(texts)):
        if i > 0 and lead[i - 1]:
            open_list = i - 1
        elif not item[i]:
            open_list = -1
        if open_list >= 0 and i - open_list <= LIST_REACH:
            inside[i] = 1.0
    return np.column_stack([lead, item, after, inside]) if len(texts) else np.zeros((0, len(MARK_NAMES)))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def context_rows(first: np.ndarray, parts: np.ndarray, texts: Sequence[str],
                 windows=NEIGHBOUR_WINDOWS) -> np.ndarray:
    """One document's rows of the second pass: the logit of each sentence's first-pass probability, the
    neighbours' means over ``windows`` (with edge flags), the part posteriors (SECTION_STATES columns), the
    logit by the plan posterior, and the :func:`list_marks`."""
    first = np.asarray(first, dtype=np.float64).reshape(-1)
    parts = np.asarray(parts, dtype=np.float64).reshape(len(first), len(SECTION_STATES))
    logit = _logit(first)
    plan = parts[:, SECTION_STATES.index("plan")]
    return np.column_stack([logit, context_features(first[:, None], windows), parts, logit * plan,
                            list_marks(texts)])


def row_names(windows=NEIGHBOUR_WINDOWS) -> list[str]:
    """The names of the :func:`context_rows` columns, in order."""
    names = ["logit", "first"]
    for first, last in windows:
        names += [f"mean[{first},{last}]", f"edge[{first},{last}]"]
    return [*names, *(f"part:{s}" for s in SECTION_STATES), "logit*plan", *MARK_NAMES]


def cue_parts(sections: Sequence[str | None]) -> np.ndarray:
    """Part 'posteriors' from the layout reader's heading cues (one-hot): what a tagger without a section
    model reads in their place."""
    index = {s: i for i, s in enumerate(SECTION_STATES)}
    out = np.zeros((len(sections), len(SECTION_STATES)))
    for i, s in enumerate(sections):
        out[i, index.get(s, index["other"])] = 1.0
    return out


@part("quant_context")
@dataclass(frozen=True, eq=False)
class QuantContext:
    """The second pass: ``coef`` (n_columns,) and ``intercept`` of a logistic regression over
    :func:`context_rows`, and the decision ``threshold`` of its probability."""

    windows: tuple[tuple[int, int], ...]
    coef: np.ndarray
    intercept: float
    threshold: float

    @classmethod
    def from_state(cls, state: dict) -> QuantContext:
        return cls(tuple(tuple(int(x) for x in w) for w in state["windows"]),
                   np.asarray(state["coef"], dtype=np.float64), float(state["intercept"]), float(state["threshold"]))

    def predict_proba(self, first: np.ndarray, parts: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The quant_target probability of each of one document's sentences, in order."""
        if len(texts) == 0:
            return np.zeros(0)
        # The arithmetic of scikit-learn's LogisticRegression.predict_proba for two classes, bit for bit.
        decision = context_rows(first, parts, texts, self.windows) @ self.coef.reshape(1, -1).T + self.intercept
        return expit(decision.reshape(-1))
