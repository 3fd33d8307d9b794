"""The tagger: themes, quantitative targets and indicators of report sentences, from one fitted object."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

from .classifiers.quant import QuantTargetClassifier, quant_features
from .classifiers.quant_columns import EXTRACTOR_COLUMNS, extractor_counts
from .classifiers.themes import ThemeClassifier
from .compiling import CompileError, Compiles, ReferenceColumns, ReferenceHeads, compile_columns
from .features.frame import COLUMNS, SentenceColumns
from .features.text_features import make_text_features
from .records import THEMES, Mention, SentenceResult
from .runtime.compiled import CompiledTagger, quant_rows


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
    section (the other models read ``X``'s sections, the layout reader's heading cues).

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
    """

    def __init__(self, features=None, themes: ThemeClassifier | None = None,
                 quant: QuantTargetClassifier | None = None, extractor=None, random_state: int = 0):
        self.features = features
        self.themes = themes
        self.quant = quant
        self.extractor = extractor
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, Y, mentions: Sequence[Sequence[Mention]], groups=None,
            unlabelled: pd.DataFrame | None = None, section_model=None):
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
        return self._compiled_after_fit()

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
        sections = self.__dict__.get("sections_")
        return CompiledTagger(text=text, themes=self.themes_.compiled(), extractor=self.extractor_.compiled(),
                              quant_columns=own, quant=self.quant_.compiled(),
                              sections=sections.compiled() if sections is not None else None,
                              fold_script=bool(self.__dict__.get("fold_script_", False)))

    def reference(self) -> CompiledTagger:
        """The same tagger with every part computed by scikit-learn itself (the fitted ColumnTransformers,
        DictVectorizer and calibrated models) in place of its array form: what a saved model is checked
        against (see :func:`model.runtime.artifacts.save_tagger`)."""
        return replace(self.compiled(), text=ReferenceColumns(self.features_), themes=ReferenceHeads(self.themes_),
                       extractor=self.extractor_.reference(), quant_columns=ReferenceColumns(self.quant_features_),
                       quant=ReferenceHeads(self.quant_),
                       sections=self.sections_.reference() if self.__dict__.get("sections_") is not None else None)

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
