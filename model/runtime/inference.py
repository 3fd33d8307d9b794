"""The tagger as scoring needs it: a fitted :class:`~model.tagger.GwrTagger`'s numbers as plain arrays and the
steps that turn sentences into results with them, on numpy, scipy and jieba alone.

``inference.npz`` (read with ``allow_pickle=False``: arrays of numbers and strings, nothing that runs code)
and ``inference.json`` sit beside ``tagger.skops`` and are listed in its SHA-256 manifest. Scoring with them
gives the GwrTagger's results (``tests/model/test_inference.py``) without importing scikit-learn or skops,
which took most of a cold start.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.special import expit

from ..indicators.candidates import Candidate, candidate_features, find_candidates, mentions_from_scores
from ..classifiers.quant_columns import extractor_counts, own_columns
from ..indicators.feature_rows import rows_to_csr
from ..features.keyword_hits import keyword_features
from ..classifiers.linear_heads import LinearHeads
from ..features.ngram_index import NgramIndex
from ..records import THEMES, Mention, SentenceResult
from ..features.tfidf import mask_digits, tfidf_weight
from ..features.tokenize import split_tokens, tokenize_joined

ARRAYS_FILE = "inference.npz"
SPEC_FILE = "inference.json"
FORMAT = 1
_SECTIONS = ("review", "plan")


class ExportError(ValueError):
    """The fitted tagger has a part the scoring path does not reproduce (it is then scored by the tagger)."""


def frame_section(section: str | None) -> str:
    """The section as the models read it: review, plan, or none."""
    return section if section in _SECTIONS else "none"


def sentence_results(texts: Sequence[str], sections: Sequence[str], theme_proba: np.ndarray,
                     theme_thresholds: np.ndarray, quant_proba: np.ndarray, quant_threshold: float,
                     found: list[list[Mention]]) -> list[SentenceResult]:
    """The per-sentence results from the models' outputs (``sections`` as :func:`frame_section` gives them)."""
    flags = (theme_proba >= theme_thresholds).tolist()
    probas, quant = theme_proba.tolist(), quant_proba.tolist()
    return [
        SentenceResult(
            text=text,
            themes=dict(zip(THEMES, probas[i])),
            labels=[t for t, flag in zip(THEMES, flags[i]) if flag],
            quant_target=quant[i] >= quant_threshold,
            quant_target_prob=quant[i],
            indicators=found[i],
            section=sections[i] if sections[i] in _SECTIONS else None,
        )
        for i, text in enumerate(texts)
    ]


def label_thresholds(theme_thresholds, quant_threshold) -> dict[str, float]:
    """Label → decision threshold, themes in THEMES order, then quant_target."""
    return {**dict(zip(THEMES, map(float, theme_thresholds))), "quant_target": float(quant_threshold)}


@dataclass(frozen=True)
class NgramTfidf:
    """One TF-IDF block: word n-grams of the segmented text, or character n-grams of the raw text."""

    analyzer: str
    ngram_range: tuple[int, int]
    index: NgramIndex
    idf: np.ndarray | None
    sublinear_tf: bool
    norm: str | None

    def transform(self, column: Sequence[str]) -> sparse.csr_array:
        counts = self.index.count_documents(column, self.analyzer, self.ngram_range, mask_digits)
        return tfidf_weight(counts, self.idf, self.sublinear_tf, self.norm)


@dataclass(frozen=True)
class CandidateModel:
    """A logistic regression over candidate features (``coef``, ``intercept``), or a constant probability."""

    coef: np.ndarray | None
    intercept: float
    constant: float | None

    def proba(self, X) -> np.ndarray:
        if self.coef is None:
            return np.full(X.shape[0], self.constant)
        # a one-column product, as LogisticRegression.decision_function computes it
        return expit((X @ self.coef[:, None]).ravel() + self.intercept)


class InferenceTagger:
    """Themes, quant_target and indicators of sentences from an exported tagger (see :func:`export`)."""

    def __init__(self, word: NgramTfidf, char: NgramTfidf, terms: list[str], term_theme: np.ndarray,
                 themes: LinearHeads, theme_thresholds: np.ndarray, feature_names: list[str],
                 keep: CandidateModel, kind: CandidateModel, extractor: dict, quant: LinearHeads,
                 quant_threshold: float, cue_names: list[str], section_categories: list[str]):
        self.word, self.char = word, char
        self.terms, self.term_theme = terms, term_theme
        self.themes, self.theme_thresholds = themes, theme_thresholds
        self.feature_names = feature_names
        self.vocabulary = {name: i for i, name in enumerate(feature_names)}
        self.keep, self.kind, self.extractor = keep, kind, extractor
        self.quant, self.quant_threshold = quant, quant_threshold
        self.cue_names, self.section_categories = cue_names, section_categories

    def label_thresholds(self) -> dict[str, float]:
        """The decision threshold of each label (themes and quant_target)."""
        return label_thresholds(self.theme_thresholds, self.quant_threshold)

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None
                          ) -> list[SentenceResult]:
        """Tag sentences given as text (segmented once, shared by all the models)."""
        texts = list(texts)
        if not texts:
            return []
        sections = [frame_section(s) for s in (sections if sections is not None else [None] * len(texts))]
        Z = sparse.hstack([self.word.transform(tokenize_joined(texts)), self.char.transform(texts),
                           keyword_features(texts, self.terms, self.term_theme)]).tocsr()
        theme_proba = self.themes.predict_proba(Z)
        found = [[m for m, _ in sentence] for sentence in self.extract(texts, sections)]
        own = own_columns(texts, sections, extractor_counts(found), self.cue_names, self.section_categories)
        quant_proba = self.quant.predict_proba(sparse.hstack([Z, own], format="csr"))[:, 0]
        return sentence_results(texts, sections, theme_proba, self.theme_thresholds, quant_proba,
                                self.quant_threshold, found)

    def extract(self, texts: Sequence[str], sections: Sequence[str]) -> list[list[tuple[Mention, float]]]:
        """Each sentence's indicator mentions with their target probability."""
        found: list[list[Candidate]] = [find_candidates(t) for t in texts]
        rows = [candidate_features(t, c, s, i, len(cs))
                for t, s, cs in zip(texts, sections, found) for i, c in enumerate(cs)]
        if not rows:
            return [[] for _ in texts]
        X = rows_to_csr(rows, self.vocabulary, len(self.feature_names))
        e = self.extractor
        return mentions_from_scores(found, self.keep.proba(X), self.kind.proba(X), e["keep_threshold"],
                                    e["target_threshold"], e["sentence_weight"])

    @classmethod
    def load(cls, directory: str | Path) -> InferenceTagger:
        """Read ``inference.npz`` and ``inference.json`` (verify the manifest first: see model.runtime.artifacts)."""
        directory = Path(directory)
        spec = json.loads((directory / SPEC_FILE).read_text(encoding="utf-8"))
        if spec.get("format") != FORMAT:
            raise ValueError(f"{directory / SPEC_FILE}: format {spec.get('format')!r}, expected {FORMAT}")
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}

        def part(prefix: str) -> dict[str, np.ndarray]:
            return {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}

        def tfidf(name: str) -> NgramTfidf:
            meta, own = spec[name], part(f"{name}.")
            index = NgramIndex.from_state({
                "units": own["units"], "lengths": own["lengths"], "n_features": meta["n_features"],
                "codes": [own[f"codes{n}"] for n in own["lengths"].tolist()],
                "columns": [own[f"columns{n}"] for n in own["lengths"].tolist()]})
            return NgramTfidf(meta["analyzer"], tuple(meta["ngram_range"]), index, own.get("idf"),
                              meta["sublinear_tf"], meta["norm"])

        def candidate_model(name: str) -> CandidateModel:
            meta = spec["extractor"][name]
            return CandidateModel(arrays.get(f"extractor.{name}.coef"), meta["intercept"], meta["constant"])

        return cls(word=tfidf("word"), char=tfidf("char"), terms=arrays["dict.terms"].tolist(),
                   term_theme=arrays["dict.term_theme"],
                   themes=LinearHeads.from_arrays(part("themes."), spec["themes"]["heads"]),
                   theme_thresholds=np.asarray(spec["themes"]["thresholds"], dtype=float),
                   feature_names=arrays["extractor.names"].tolist(), keep=candidate_model("keep"),
                   kind=candidate_model("kind"), extractor=spec["extractor"]["params"],
                   quant=LinearHeads.from_arrays(part("quant."), spec["quant"]["heads"]),
                   quant_threshold=float(spec["quant"]["threshold"]), cue_names=spec["quant"]["cues"],
                   section_categories=spec["quant"]["sections"])


# --- export from the fitted estimator (training side: imports scikit-learn) ----------------------------------

def export(tagger) -> tuple[dict[str, np.ndarray], dict]:
    """The arrays and JSON spec of a fitted GwrTagger; :class:`ExportError` if a part differs from the
    layout this module reproduces (then the model is scored by the tagger itself)."""
    arrays: dict[str, np.ndarray] = {}
    spec: dict = {"format": FORMAT}
    features = tagger.features_
    layout = [(name, type(t).__name__, columns) for name, t, columns in features.transformers_ if t != "drop"]
    if layout != [("word", "TfidfFeatures", "tokens"), ("char", "TfidfFeatures", "text"),
                  ("dict", "DictionaryHits", "text")]:
        raise ExportError(f"text features {layout}")
    named = features.named_transformers_
    for name in ("word", "char"):
        v = named[name]
        if (v.preprocessor is not mask_digits or v._ngram_index_unusable() or v.norm not in ("l2", None)
                or np.dtype(v.dtype) != np.float64 or (name == "word" and v.tokenizer is not split_tokens)):
            raise ExportError(f"{name} TF-IDF parameters")
        state = v._ngram_index().to_state()
        arrays[f"{name}.units"], arrays[f"{name}.lengths"] = state["units"], state["lengths"]
        for n, codes, columns in zip(state["lengths"].tolist(), state["codes"], state["columns"]):
            arrays[f"{name}.codes{n}"], arrays[f"{name}.columns{n}"] = codes, columns
        if v.use_idf:
            arrays[f"{name}.idf"] = np.asarray(v.idf_, dtype=np.float64)
        spec[name] = {"analyzer": v.analyzer, "ngram_range": list(v.ngram_range), "sublinear_tf": bool(v.sublinear_tf),
                      "norm": v.norm, "n_features": int(state["n_features"])}
    hits = named["dict"]
    if list(hits.themes_) != list(THEMES):
        raise ExportError("dictionary themes")
    arrays["dict.terms"] = np.array(hits.terms_, dtype=str)
    arrays["dict.term_theme"] = np.asarray(hits.term_theme_, dtype=np.float64)

    spec["themes"] = {"thresholds": [float(t) for t in tagger.themes_.thresholds_]}
    spec["themes"]["heads"] = _heads(tagger.themes_, "themes", arrays)
    if list(tagger.themes_.labels_) != list(THEMES):
        raise ExportError("theme labels")

    ex = tagger.extractor_
    arrays["extractor.names"] = np.array([str(n) for n in ex.vectorizer_.feature_names_], dtype=str)
    spec["extractor"] = {"params": {"keep_threshold": float(ex.keep_threshold),
                                    "target_threshold": float(ex.target_threshold),
                                    "sentence_weight": float(ex.sentence_weight)}}
    for name, model in (("keep", ex.keep_model_), ("kind", ex.kind_model_)):
        spec["extractor"][name] = _candidate_model(model, f"extractor.{name}", arrays, len(ex.vectorizer_.feature_names_))

    from ..classifiers.quant import own_column_spec

    own = own_column_spec(tagger.quant_features_)
    if own is None:
        raise ExportError(f"quant_target columns {[name for name, *_ in tagger.quant_features_.transformers_]}")
    spec["quant"] = {"threshold": float(tagger.quant_.thresholds_[0]), "cues": own[0], "sections": own[1]}
    spec["quant"]["heads"] = _heads(tagger.quant_, "quant", arrays)
    return arrays, spec


def _heads(classifier, prefix: str, arrays: dict) -> dict:
    heads = classifier.linear_heads()
    if heads is None:
        raise ExportError(f"{prefix}: not calibrated logistic regressions")
    own, meta = heads.to_arrays()
    arrays.update({f"{prefix}.{k}": v for k, v in own.items()})
    return meta


def _candidate_model(model, prefix: str, arrays: dict, n_features: int) -> dict:
    from sklearn.linear_model import LogisticRegression

    if type(model) is LogisticRegression:
        if list(model.classes_) != [0, 1] or model.coef_.shape != (1, n_features):
            raise ExportError(f"{prefix}: classes {list(model.classes_)}")
        arrays[f"{prefix}.coef"] = np.ascontiguousarray(model.coef_[0], dtype=np.float64)
        return {"intercept": float(model.intercept_[0]), "constant": None}
    if type(model).__name__ == "DummyClassifier":
        proba = model.predict_proba(np.zeros((1, 1)))[0]
        classes = list(model.classes_)
        return {"intercept": 0.0, "constant": float(proba[classes.index(1)]) if 1 in classes else 0.0}
    raise ExportError(f"{prefix}: {type(model).__name__}")


def save(tagger, directory: str | Path) -> list[str]:
    """Write the scoring files of ``tagger`` into ``directory``; the file names written."""
    arrays, spec = export(tagger)
    directory = Path(directory)
    np.savez(directory / ARRAYS_FILE, **arrays)
    (directory / SPEC_FILE).write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    return [ARRAYS_FILE, SPEC_FILE]
