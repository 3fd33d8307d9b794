"""From fitted estimators to the array form that scores new text (:mod:`model.runtime.arrays`), and the
estimators' own scikit-learn computation to check that form against.

Each estimator of the tagger compiles itself (``compile()``) to a part of plain numbers; a fitted
``ColumnTransformer`` compiles to :class:`~model.features.columns.ColumnBlocks`. A part with no array form
raises :class:`CompileError` when the estimator is fitted, so a model that scores through anything but its
array form is never built.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.utils.validation import check_is_fitted

from . import sklearn_compat


class CompileError(ValueError):
    """A fitted estimator with a part the array form does not reproduce."""


class Compiles:
    """Mixin of an estimator with an array form: ``compile()`` builds it, ``compiled()`` keeps it once built.

    It is built at the end of ``fit`` (an estimator that cannot be compiled fails there), left out of the
    saved state, and built again when first needed after loading.
    """

    def compile(self):
        raise NotImplementedError

    def compiled(self):
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            check_is_fitted(self)
            compiled = self.__dict__["_compiled"] = self.compile()
        return compiled

    def _compiled_after_fit(self):
        self.__dict__["_compiled"] = self.compile()
        return self

    def __getstate__(self):
        state = dict(super().__getstate__())
        state.pop("_compiled", None)
        return state


def compile_transformer(transformer):
    """The array form of one fitted feature transformer."""
    from sklearn.preprocessing import OneHotEncoder

    from .features.columns import OneHot

    if isinstance(transformer, Compiles):
        return transformer.compiled()
    if type(transformer) is OneHotEncoder:
        check_is_fitted(transformer)
        if (transformer.handle_unknown != "ignore" or transformer.drop is not None
                or len(transformer.categories_) != 1 or np.dtype(transformer.dtype) != np.float64):
            raise CompileError("OneHotEncoder: only one column, unknown values ignored, nothing dropped")
        return OneHot(tuple(str(c) for c in transformer.categories_[0].tolist()))
    raise CompileError(f"{type(transformer).__name__} has no array form")


def compile_columns(transformer):
    """The array form of a fitted ``ColumnTransformer`` whose columns are named (dropped columns left out)."""
    from .features.columns import ColumnBlocks

    check_is_fitted(transformer)
    if not transformer.sparse_output_:
        raise CompileError("a ColumnTransformer with dense output has no array form")
    names, columns, blocks = [], [], []
    for name, fitted, selected in transformer.transformers_:
        if isinstance(fitted, str):
            if fitted == "drop":
                continue
            raise CompileError(f"{name}: {fitted!r} columns have no array form")
        if not (isinstance(selected, str) or all(isinstance(c, str) for c in selected)):
            raise CompileError(f"{name}: columns must be named")
        names.append(name)
        columns.append(selected if isinstance(selected, str) else tuple(selected))
        blocks.append(compile_transformer(fitted))
    return ColumnBlocks(tuple(names), tuple(columns), tuple(blocks))


def compile_heads(models, constants):
    """:class:`~model.classifiers.linear_heads.LinearHeads` of one calibrated model (or None, with a constant
    probability) per output column."""
    from .classifiers.linear_heads import LinearHeads

    columns, intercepts, slopes, offsets, groups = [], [], [], [], []
    for model, constant in zip(models, constants):
        if model is None:
            groups.append(())
            continue
        folds = sklearn_compat.sigmoid_logistic_folds(model)
        if folds is None:
            raise CompileError(f"{type(model).__name__}: only calibrated (sigmoid) logistic regressions of "
                               "two classes have an array form")
        groups.append(tuple(range(len(columns), len(columns) + len(folds))))
        for coef, intercept, a, b in folds:
            columns.append(coef)
            intercepts.append(intercept)
            slopes.append(a)
            offsets.append(b)
    weights = np.column_stack(columns) if columns else np.zeros((0, 0))
    return LinearHeads(weights=np.ascontiguousarray(weights, dtype=np.float64), intercepts=np.array(intercepts),
                       slopes=np.array(slopes), offsets=np.array(offsets), groups=tuple(groups),
                       constants=tuple(constants))


def compile_score(model, n_features: int):
    """The array form of a candidate model of the indicator extractor: a logistic regression, or the
    constant of a one-class DummyClassifier."""
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression

    from .indicators.mentions import ConstantScore, LogisticScore

    if type(model) is LogisticRegression:
        if list(model.classes_) != [0, 1] or model.coef_.shape != (1, n_features):
            raise CompileError(f"logistic regression of classes {list(model.classes_)}")
        return LogisticScore(np.ascontiguousarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0]))
    if type(model) is DummyClassifier:
        proba = model.predict_proba(np.zeros((1, 1)))[0]
        classes = list(model.classes_)
        return ConstantScore(float(proba[classes.index(1)]) if 1 in classes else 0.0)
    raise CompileError(f"{type(model).__name__} has no array form")


# --- scikit-learn's own computation, in the places of the array parts ----------------------------------------

@dataclass(frozen=True)
class ReferenceColumns:
    """A fitted ColumnTransformer where :class:`~model.features.columns.ColumnBlocks` would be."""

    transformer: object

    def transform(self, frame) -> sparse.csr_matrix:
        return sparse.csr_matrix(self.transformer.transform(frame.to_frame()))


@dataclass(frozen=True)
class ReferenceHeads:
    """A fitted SentenceClassifier scored by scikit-learn where :class:`LabelHeads` would be."""

    classifier: object

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.classifier.labels_)

    @property
    def thresholds(self) -> np.ndarray:
        return np.asarray(self.classifier.thresholds_, dtype=np.float64)

    def predict_proba(self, Z) -> np.ndarray:
        return self.classifier.reference_proba(Z)


@dataclass(frozen=True)
class ReferenceRows:
    """A fitted DictVectorizer where :class:`~model.indicators.feature_rows.NamedColumns` would be."""

    vectorizer: object

    def transform(self, rows):
        return self.vectorizer.transform(rows)


@dataclass(frozen=True)
class ReferenceScore:
    """A fitted binary classifier's probability of class 1, where a candidate score would be."""

    model: object

    def proba(self, X) -> np.ndarray:
        proba = self.model.predict_proba(X)
        classes = list(self.model.classes_)
        return proba[:, classes.index(1)] if 1 in classes else np.zeros(X.shape[0])
