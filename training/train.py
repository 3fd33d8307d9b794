"""``gwr train``: grouped cross-validation on the train split, refit, evaluation on the fixed test split
beside the keyword baseline, MLflow tracking of everything, and registration behind a quality gate."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from model.classifiers.baseline import KeywordBaseline
from model.classifiers.sections import SectionClassifier
from model.features.frame import sentence_frame
from model.records import LABELS
from model.tagger import GwrTagger

from .corpus import unlabelled_frame
from .dataset import content_hash, load_labelled
from .repository import DEFAULT_DATA
from .evaluate import PARTS, as_predict, errors, gold_matrix, predict_records, score, score_tagger
from .schema import LabelledSentence
from .documents import predict_in_documents
from .sections import fit_sections, labelled_documents, section_accuracy, section_model_of

EXPERIMENT = "gwr-tagger"
FOLD_METRICS = ("all_themes_macro_f1", "all_quant_target_f1", "all_indicator_exact_f1")


@dataclass
class TrainConfig:
    data: Path = DEFAULT_DATA
    experiment: str = EXPERIMENT
    register: bool = True
    force: bool = False
    cv_folds: int = 5
    random_state: int = 0
    C_themes: float = 4.0
    C_quant: float = 4.0
    threshold_cv: int = 5
    unlabelled_limit: int = 30000
    theme_lexicon: bool = True
    sections: bool = True
    C_sections: float = 2.0
    quant_context: bool = True
    embedding: bool = True
    log_model: bool = True
    params: dict = field(default_factory=dict)


def _frame(records: list[LabelledSentence]):
    return sentence_frame([r.text for r in records], [r.section for r in records])


def make_tagger(config: TrainConfig) -> GwrTagger:
    from model.classifiers.quant import QuantTargetClassifier
    from model.classifiers.themes import ThemeClassifier

    from model.features.text_features import make_text_features

    return GwrTagger(features=make_text_features(use_theme_lexicon=config.theme_lexicon, use_embedding=config.embedding,
                                                 random_state=config.random_state),
                     themes=ThemeClassifier(C=config.C_themes, cv=config.threshold_cv,
                                            random_state=config.random_state),
                     quant=QuantTargetClassifier(C=config.C_quant, cv=config.threshold_cv,
                                                 random_state=config.random_state),
                     random_state=config.random_state)


def fit_tagger(config: TrainConfig, records: list[LabelledSentence], unlabelled=None,
               sections: SectionClassifier | None = None) -> GwrTagger:
    """The tagger fitted on ``records``; with ``config.sections``, a section model is fitted on their
    structure-labelled documents (unless given as ``sections``, fitted on those very documents). The other
    models keep reading the layout reader's heading cues (see
    :meth:`model.runtime.compiled.CompiledTagger.predict_document`); with ``config.quant_context`` the
    quant_target head's second pass is fitted on the records' documents read whole."""
    if sections is None and config.sections:
        sections = fit_sections({r.doc_id for r in records}, C=config.C_sections, random_state=config.random_state)
    documents = None
    if config.quant_context:
        documents = labelled_documents(records, sections)
        if not any(row >= 0 for row in documents.rows):
            documents = None  # no bundled documents (an installed package): sentences are judged alone
    X = _frame(records)
    return make_tagger(config).fit(X, gold_matrix(records), mentions=[r.mentions for r in records],
                                   groups=[r.doc_id for r in records], unlabelled=unlabelled,
                                   section_model=sections, documents=documents)


def cross_validate(config: TrainConfig, train: list[LabelledSentence], log=print) -> dict[str, float]:
    """Grouped K-fold by document on the train split; mean of each metric over folds (each fold's headline
    metrics are logged as it ends). The folds fit no section model and no quant_target second pass: they judge
    sentences one by one with their given section, which neither reads."""
    import mlflow

    config = replace(config, sections=False, quant_context=False)
    groups = np.array([r.doc_id for r in train])
    folds = GroupKFold(n_splits=min(config.cv_folds, len(set(groups))))
    per_fold: list[dict[str, float]] = []
    for fold, (tr, va) in enumerate(folds.split(np.zeros(len(train)), groups=groups), start=1):
        fold_train = [train[i] for i in tr]
        fold_valid = [train[i] for i in va]
        model = fit_tagger(config, fold_train)
        metrics = score(fold_valid, predict_records(as_predict(model), fold_valid))
        per_fold.append(metrics)
        if mlflow.active_run() is not None:  # per fold: a tracking server gone mid-run is noticed within a fold
            mlflow.log_metrics({f"cv_fold_{name}": metrics[name] for name in FOLD_METRICS}, step=fold)
        log(f"  cv fold {fold}: themes macro-F1 {metrics['all_themes_macro_f1']:.3f}, "
            f"quant_target F1 {metrics['all_quant_target_f1']:.3f}, indicator F1 {metrics['all_indicator_exact_f1']:.3f}")
    keys = set.intersection(*(set(m) for m in per_fold))
    return {k: float(np.mean([m[k] for m in per_fold])) for k in sorted(keys) if k.startswith("all_")}


def run(config: TrainConfig, log=lambda msg: print(msg, file=sys.stderr)) -> dict:
    """Train, evaluate, track and (optionally) register. Returns a summary dict."""
    import mlflow

    from model.runtime.store import configure_tracking

    from .registry import promote_if_better
    from .tracking import (ensure_experiment, ensure_reachable, fail_fast_requests, log_dataset,
                           log_evaluation_artifacts, log_tagger_model)

    fail_fast_requests()
    uri = configure_tracking()
    ensure_reachable(uri)
    registry_uri = mlflow.get_registry_uri()
    if config.register and registry_uri != uri:
        ensure_reachable(registry_uri)
    started = time.perf_counter()
    train = load_labelled(config.data, split="train")
    test = load_labelled(config.data, split="test")
    log(f"gwr train: {len(train)} train / {len(test)} test sentences from {config.data}; tracking at {uri}")
    # Under `mlflow run`, MLflow has already opened the run (MLFLOW_RUN_ID) in its own experiment.
    resumed = bool(os.environ.get("MLFLOW_RUN_ID"))
    experiment_id = None if resumed else ensure_experiment(config.experiment)
    with mlflow.start_run(experiment_id=experiment_id) as active:
        run_id = active.info.run_id
        mlflow.log_params({
            "cv_folds": config.cv_folds, "random_state": config.random_state, "C_themes": config.C_themes,
            "C_quant": config.C_quant, "unlabelled_limit": config.unlabelled_limit,
            "theme_lexicon": config.theme_lexicon, "embedding": config.embedding,
            "train_sentences": len(train), "test_sentences": len(test), "data_sha256": content_hash(config.data),
            **config.params,
        })
        log_dataset(config.data, train + test)

        sections = None
        if config.sections:
            log("fitting the section model on the train split's document-structure labels…")
            sections = fit_sections({r.doc_id for r in train}, C=config.C_sections, random_state=config.random_state)
            if sections is None:
                log("fewer than two train documents with structure labels (data/labelled/structure/ of a "
                    "checkout): sections come from the layout reader's heading cues")
                config = replace(config, sections=False)
                mlflow.set_tag("sections", "heading cues: no structure labels")
        log("cross-validating on the train split (grouped by document)…")
        cv = cross_validate(config, train, log)
        mlflow.log_metrics({f"cv_{k}": v for k, v in cv.items()})

        log("refitting on the whole train split…")
        test_docs = {r.doc_id for r in test}
        unlabelled = (unlabelled_frame(test_docs, limit=config.unlabelled_limit, seed=config.random_state)
                      if config.unlabelled_limit > 0 else None)
        if unlabelled is not None and unlabelled.empty:
            log("no bundled raw reports (data/raw/ of a checkout): no unlabelled text widens the vocabulary")
        fit_started = time.perf_counter()
        tagger = fit_tagger(config, train, unlabelled, sections=sections)
        fit_seconds = time.perf_counter() - fit_started

        scored_test, model_pred = score_tagger(tagger, test)
        baseline = KeywordBaseline().fit()
        baseline_pred = predict_records(as_predict(baseline), test)
        metrics = score(scored_test, model_pred)
        baseline_metrics = score(test, baseline_pred)
        mlflow.log_metrics({f"test_{k}": v for k, v in metrics.items()})
        mlflow.log_metrics({f"baseline_test_{k}": v for k, v in baseline_metrics.items()})
        section_metrics = section_accuracy(test_docs, section_model_of(tagger), test_document_parts(test))
        mlflow.log_metrics({f"test_{k}": v for k, v in section_metrics.items()})
        ablation = read_whole(tagger, scored_test, model_pred)
        mlflow.log_metrics({f"test_{reading}_{part}_{metric}": m[f"{part}_{metric}"] for reading, m in ablation.items()
                            for part in PARTS for metric, _ in ABLATION_METRICS if f"{part}_{metric}" in m})
        ablation = {"baseline": baseline_metrics, "sentences": metrics, **ablation}
        mlflow.log_text(format_ablation(ablation), "evaluation/ablation.txt")
        mlflow.log_metric("fit_seconds", fit_seconds)
        if tagger.quant_context_ is not None:
            mlflow.log_metrics({"quant_context_oof_f1": tagger.quant_context_.oof_f1_,
                                "quant_first_pass_oof_f1": tagger.first_pass_oof_f1_})
            mlflow.set_tag("quant_context", "used" if tagger.uses_context_ else "fitted, not used")
        log_evaluation_artifacts(scored_test, model_pred, baseline_pred, errors(scored_test, model_pred))
        model_uri = log_tagger_model(tagger, scored_test) if config.log_model else None
        train_seconds = time.perf_counter() - started
        mlflow.log_metric("train_seconds", train_seconds)

    summary = {"run_id": run_id, "model_uri": model_uri, "metrics": metrics, "baseline": baseline_metrics,
               "sections": section_metrics, "ablation": ablation, "cv": cv, "train_seconds": train_seconds, "tracking_uri": uri}
    log(format_table(metrics, baseline_metrics))
    log(format_sections(section_metrics))
    log(format_ablation(ablation))
    if config.register and model_uri:
        summary["registration"] = promote_if_better(model_uri, run_id, test, metrics, force=config.force, log=log)
    return summary


def read_whole(tagger, records: list[LabelledSentence], alone: list[dict]) -> dict[str, dict[str, float]]:
    """Metrics of ``records`` scored as their documents read whole: with the quant_target head's first pass
    alone (``document``) and with its second pass (``context``, when the tagger has fitted one, used or not).
    A record its bundled document does not hold keeps its prediction as a sentence alone (``alone``)."""
    compiled = tagger.compiled()
    readings = {"document": replace(compiled, quant_context=None)}
    if getattr(tagger, "quant_context_", None) is not None:
        readings["context"] = replace(compiled, quant_context=tagger.quant_context_.compiled())
    out = {}
    for name, reader in readings.items():
        found = predict_in_documents(reader, records)
        out[name] = score(records, [f if f is not None else a for f, a in zip(found, alone)])
    return out


ABLATION_ROWS = {"baseline": "keyword rules, sentence alone", "sentences": "learned, sentence alone",
                 "document": "learned, document read whole", "context": "learned + context pass"}
ABLATION_METRICS = (("quant_target_f1", "quant F1"), ("indicator_exact_f1", "indicator F1"),
                    ("indicator_kind_accuracy", "kind acc"))


def format_ablation(readings: dict[str, dict[str, float]]) -> str:
    """Per part of the test split, quant_target F1, indicator exact F1 and kind accuracy of each reading."""
    names = [n for n in ABLATION_ROWS if n in readings]
    lines = [f"{'test split, by reading':<36}" + "".join(f"{title:>14}" for _, title in ABLATION_METRICS)]
    for part in PARTS:
        if f"{part}_sentences" not in readings["sentences"]:
            continue
        lines.append(f"  {part} ({int(readings['sentences'][f'{part}_sentences'])} sentences)")
        for name in names:
            lines.append(f"    {ABLATION_ROWS[name]:<32}" + "".join(
                f"{readings[name][f'{part}_{metric}']:>14.3f}" for metric, _ in ABLATION_METRICS))
    return "\n".join(lines)


def test_document_parts(test: list[LabelledSentence]) -> dict:
    """The parts of the test split by document (all, and each source), as tests on a document id."""
    source_of = {r.doc_id: r.source for r in test}
    return {"all": lambda d: True,
            **{source: (lambda d, source=source: source_of.get(d) == source)
               for source in sorted(set(source_of.values()))}}


def format_sections(metrics: dict[str, float]) -> str:
    """Section accuracy on the test documents against the structure labels: learned and heading cues."""
    lines = ["test documents' sections    sentences   learned   heading cues"]
    for name in sorted({k.split("_section_sentences")[0] for k in metrics if k.endswith("_section_sentences")},
                       key=lambda n: (n != "all", n)):
        learned = metrics.get(f"{name}_section_accuracy")
        lines.append(f"  {name:<26}{int(metrics[f'{name}_section_sentences']):>9}"
                     f"{'' if learned is None else f'{learned:>10.3f}':>10}{metrics[f'{name}_cue_section_accuracy']:>15.3f}")
    return "\n".join(lines)


def format_table(metrics: dict[str, float], baseline: dict[str, float]) -> str:
    """The test-split table: per part, per label F1 for model and baseline, and the summary scores."""
    lines = []
    for part in PARTS:
        if f"{part}_sentences" not in metrics:
            continue
        title = f"test/{part} ({int(metrics[f'{part}_sentences'])} sentences)"
        lines.append(f"{title:<32}model   baseline")
        for name in [*(f"{label}_f1" for label in LABELS), "themes_macro_f1", "indicator_exact_f1",
                     "indicator_span_f1", "indicator_kind_accuracy", "indicator_name_exact_accuracy",
                     "indicator_name_char_f1", "selection_score"]:
            lines.append(f"  {name:<30}{metrics[f'{part}_{name}']:>5.3f}{baseline[f'{part}_{name}']:>10.3f}")
    return "\n".join(lines)
