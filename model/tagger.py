"""The tagger: themes, quantitative targets and indicators of report sentences, from one fitted object."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from .classifiers.quant import QuantTargetClassifier, quant_features
from .classifiers.quant_columns import EXTRACTOR_COLUMNS, extractor_counts
from .classifiers.quant_context import QuantContextClassifier
from .classifiers.quant_context_model import context_rows, cue_parts
from .classifiers.thresholds import best_f1_threshold, f1_at
from .classifiers.sections import columns_of, document_runs
from .classifiers.themes import ThemeClassifier
from .compiling import CompileError, Compiles, ReferenceColumns, ReferenceHeads, compile_columns
from .features.frame import COLUMNS, SentenceColumns
from .features.text_features import make_text_features
from .records import THEMES, Mention, SentenceResult
from .runtime.compiled import CompiledTagger, quant_rows


# How much the second pass's out-of-fold F1 must beat the first pass's for documents to be scored through it.
CONTEXT_MARGIN = 0.005


@dataclass(frozen=True)
class LabelledDocuments:
    """The whole documents of the labelled sentences, for the quant_target head's second pass.

    ``frame``: every sentence of the documents in order (the columns of
    :func:`~model.features.section_columns.document_frame`); ``doc_ids``: each row's document, each document's
    rows together; ``rows``: each labelled sentence's row in ``frame`` (-1 when its document does not hold
    it); ``parts``: (n_rows, 3) out-of-fold posteriors of the section model (SECTION_STATES columns), None when
    the tagger has no section model and the heading cues are the part.
    """

    frame: pd.DataFrame
    doc_ids: list[str]
    rows: list[int]
    parts: np.ndarray | None = None


def _default_extractor():
    from .indicators.extractor import IndicatorExtractor

    return IndicatorExtractor()


class GwrTagger(Compiles, BaseEstimator):
    """The shared text features, the theme classifier, the indicator extractor and the quant_target
    classifier, fitted together and scored through their array form (:class:`CompiledTagger`): each sentence
    is segmented and vectorised once, and every model reads the same feature rows.

    ``fit(X, Y, mentions=…, groups=…, unlabelled=…, section_model=…)``: ``X`` a sentence frame
    (:func:`~model.features.frame.sentence_frame`), ``Y`` (n, 5) 0/1 in the order THEMES + quant_target,
    ``mentions`` the gold indicator mentions of each sentence, ``groups`` their document ids (folds keep a
    document whole); ``unlabelled`` (a frame of unlabelled report sentences) widens the vocabulary and IDF
    statistics of the text features, and the text their word vectors are learned from; ``section_model``, a
    fitted :class:`~model.classifiers.sections.SectionClassifier`, gives each sentence of a scored document its
    section (the other models read ``X``'s sections, the layout reader's heading cues); ``documents``
    (:class:`LabelledDocuments`) fits the quant_target head's second pass over a document read whole.

    Parameters
    ----------
    features : ColumnTransformer, default=None
        The text features (None: :func:`~model.features.text_features.make_text_features` seeded with
        ``random_state``).
    themes : ThemeClassifier, default=None
        The theme heads (None: ``ThemeClassifier(random_state=random_state)``).
    quant : QuantTargetClassifier, default=None
        The quant_target head (None: ``QuantTargetClassifier(random_state=random_state)``).
    extractor : IndicatorExtractor, default=None
        The indicator extractor (None: its defaults).
    random_state : int, default=0
        Seed of the default heads and text features.

    Attributes
    ----------
    features_ : ColumnTransformer
        The fitted text features.
    themes_ : ThemeClassifier
        The fitted theme heads.
    extractor_ : IndicatorExtractor
        The fitted indicator extractor.
    quant_features_ : ColumnTransformer
        The quant_target model's own columns (:func:`~model.classifiers.quant.quant_features`), fitted.
    quant_ : QuantTargetClassifier
        The fitted quant_target head.
    fold_script_ : bool
        True: words are segmented with traditional characters read as simplified (as ``X``'s tokens are).
    sections_ : SectionClassifier or None
        The section model given to ``fit`` (fitted on the document-structure labels), or None: the layout
        reader's heading cues are the section.
    quant_context_ : QuantContextClassifier or None
        The quant_target head's second pass over documents (None when ``fit`` had no ``documents``).
    first_pass_oof_f1_ : float or None
        The first pass's out-of-fold F1 on the sentences the second pass was fitted on (at its best threshold).
    uses_context_ : bool
        True: documents are scored through the second pass, whose out-of-fold F1 beat the first pass's by
        CONTEXT_MARGIN; else the second pass is kept for comparison only.
    """

    def __init__(self, features=None, themes: ThemeClassifier | None = None,
                 quant: QuantTargetClassifier | None = None, extractor=None, random_state: int = 0):
        self.features = features
        self.themes = themes
        self.quant = quant
        self.extractor = extractor
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, Y, mentions: Sequence[Sequence[Mention]], groups=None,
            unlabelled: pd.DataFrame | None = None, section_model=None,
            documents: LabelledDocuments | None = None):
        Y = np.asarray(Y).astype(int)
        self.sections_ = section_model
        self.fold_script_ = True
        if section_model is not None:
            check_is_fitted(section_model)
        self.features_ = (clone(self.features) if self.features is not None
                          else make_text_features(random_state=self.random_state))
        self.features_.fit(X if unlabelled is None else pd.concat([X, unlabelled[X.columns]], ignore_index=True))
        frame = SentenceColumns(list(X["text"]), list(X["section"]), list(X["tokens"]), fold_script=True)
        Z = compile_columns(self.features_).transform(frame)
        self.themes_ = clone(self.themes or ThemeClassifier(random_state=self.random_state))
        self.themes_.fit(Z, Y[:, : len(THEMES)], groups=groups)
        self.extractor_ = clone(self.extractor if self.extractor is not None else _default_extractor())
        self.extractor_.fit(list(X["text"]), list(X["section"]), [list(m) for m in mentions])
        found = self.extractor_.extract_many(list(X["text"]), frame.column("section"))
        frame.add(**extractor_counts(found))
        self.quant_features_ = quant_features().fit(frame.to_frame())
        own = compile_columns(self.quant_features_).transform(frame)
        self.quant_ = clone(self.quant or QuantTargetClassifier(random_state=self.random_state))
        self.quant_.fit(quant_rows(Z, own), Y[:, len(THEMES)], groups=groups)
        self.quant_context_, self.first_pass_oof_f1_ = (
            self._fit_context(X, Z, Y[:, len(THEMES)], mentions, groups, documents) if documents is not None
            else (None, None))
        self.uses_context_ = (self.quant_context_ is not None
                              and self.quant_context_.oof_f1_ > self.first_pass_oof_f1_ + CONTEXT_MARGIN)
        return self._compiled_after_fit()

    def _quant_columns(self, extractor, texts: list[str], sections: list[str]):
        """The quant_target model's own columns of sentences, with ``extractor``'s counts."""
        frame = SentenceColumns(texts, sections)
        return compile_columns(self.quant_features_).transform(
            frame.add(**extractor_counts(extractor.extract_many(texts, frame.column("section")))))

    def _fit_context(self, X, Z, y, mentions, groups, documents: LabelledDocuments
                     ) -> tuple[QuantContextClassifier, float]:
        """The second pass, fitted on first passes out of fold (in each fold an extractor and a quant_target
        model fitted without some documents score every sentence of those documents), and the out-of-fold F1
        of those first passes on the same sentences."""
        if groups is None:
            raise ValueError("the context pass needs the labelled sentences' documents (groups)")
        if self.sections_ is not None and documents.parts is None:
            raise ValueError("a tagger with a section model fits its context pass on the section posteriors")
        groups, y = np.asarray(groups, dtype=object), np.asarray(y, dtype=int)
        rows, doc_ids = np.asarray(documents.rows, dtype=int), np.asarray(documents.doc_ids, dtype=object)
        doc_frame = columns_of(documents.frame)
        D = compile_columns(self.features_).transform(doc_frame)
        doc_texts, doc_sections = doc_frame.texts, list(doc_frame.column("section"))
        texts, sections = list(X["text"]), list(X["section"])
        first = np.zeros(len(doc_texts))
        folds = GroupKFold(n_splits=min(self.quant_.cv, len(set(groups))))
        for train, held in folds.split(Z, y, groups):
            extractor = clone(self.extractor_).fit([texts[i] for i in train], [sections[i] for i in train],
                                                   [list(mentions[i]) for i in train])
            model = self.quant_._binary().fit(
                quant_rows(Z[train], self._quant_columns(extractor, [texts[i] for i in train],
                                                         [sections[i] for i in train])), y[train])
            scored = np.flatnonzero(np.isin(doc_ids, list(set(groups[held]))))
            own = self._quant_columns(extractor, [doc_texts[i] for i in scored], [doc_sections[i] for i in scored])
            first[scored] = model.predict_proba(quant_rows(D[scored], own))[:, 1]
        parts = documents.parts if self.sections_ is not None else cue_parts(doc_sections)
        R = np.vstack([context_rows(first[run], parts[run], doc_texts[run]) for run in document_runs(list(doc_ids))])
        found = rows >= 0
        alone = first[rows[found]]
        context = QuantContextClassifier(cv=self.quant_.cv, random_state=self.random_state).fit(
            R[rows[found]], y[found], groups[found])
        return context, f1_at(y[found], alone, best_f1_threshold(y[found], alone))

    def compile(self) -> CompiledTagger:
        """The array form of every fitted part (:class:`CompileError` if a part has none)."""
        if tuple(self.themes_.labels_) != THEMES:
            raise CompileError(f"theme labels {self.themes_.labels_}, expected {list(THEMES)}")
        text, own = compile_columns(self.features_), compile_columns(self.quant_features_)
        for name, blocks, readable in (("text features", text, COLUMNS), ("quant_target columns", own,
                                                                           (*COLUMNS, *EXTRACTOR_COLUMNS))):
            if not blocks.reads() <= set(readable):
                raise CompileError(f"the {name} read {sorted(blocks.reads() - set(readable))}, which scoring "
                                   f"does not provide (only {list(readable)})")
        sections, context = self.__dict__.get("sections_"), self._context()
        return CompiledTagger(text=text, themes=self.themes_.compiled(), extractor=self.extractor_.compiled(),
                              quant_columns=own, quant=self.quant_.compiled(),
                              sections=sections.compiled() if sections is not None else None,
                              fold_script=bool(self.__dict__.get("fold_script_", False)),
                              quant_context=context.compiled() if context is not None else None)

    def reference(self) -> CompiledTagger:
        """The same tagger with every part computed by scikit-learn itself (the fitted ColumnTransformers,
        DictVectorizer and calibrated models) in place of its array form: what a saved model is checked
        against (see :func:`model.runtime.artifacts.save_tagger`)."""
        return replace(self.compiled(), text=ReferenceColumns(self.features_), themes=ReferenceHeads(self.themes_),
                       extractor=self.extractor_.reference(), quant_columns=ReferenceColumns(self.quant_features_),
                       quant=ReferenceHeads(self.quant_),
                       sections=self.sections_.reference() if self.__dict__.get("sections_") is not None else None,
                       quant_context=self._context().reference() if self._context() is not None else None)

    def _context(self) -> QuantContextClassifier | None:
        """The second pass documents are scored through (None when there is none or it is not used)."""
        return self.__dict__.get("quant_context_") if self.__dict__.get("uses_context_") else None

    def predict_frame(self, X: pd.DataFrame) -> list[SentenceResult]:
        """Tag every sentence of a frame (see :func:`~model.features.frame.sentence_frame`)."""
        return self.predict_sentences(list(X["text"]), list(X["section"]))

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None,
                          headings: Sequence[str | None] | None = None) -> list[SentenceResult]:
        """Tag sentences given as text, through the array form."""
        return self.compiled().predict_sentences(texts, sections, headings)

    def predict_document(self, sentences: Sequence, year: int | None = None) -> list[SentenceResult]:
        """Tag one document's sentences in order, through the array form."""
        return self.compiled().predict_document(sentences, year)

    def label_thresholds(self) -> dict[str, float]:
        """The decision threshold of each label (themes and quant_target)."""
        return self.compiled().label_thresholds()
