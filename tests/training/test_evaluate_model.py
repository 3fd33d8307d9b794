"""``gwr evaluate`` on a local model folder: the metrics table for model and baseline."""

from __future__ import annotations

import json

from training.schema import SOURCES

from gwr.cli import main


def test_evaluate_prints_table_and_writes_metrics(small_model_dir, tmp_path, capsys):
    out = tmp_path / "metrics.json"
    assert main(["evaluate", "--model", str(small_model_dir), "--split", "test", "-o", str(out)]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].startswith("test/all (")
    assert "themes_macro_f1" in table and "indicator_exact_f1" in table
    metrics = json.loads(out.read_text())
    for side in ("model", "baseline"):
        assert 0.0 <= metrics[side]["all_themes_macro_f1"] <= 1.0
        assert sum(metrics[side].get(f"{source}_sentences", 0) for source in SOURCES) == \
            metrics[side]["all_sentences"]
        assert metrics[side]["recent_sentences"] > 0 and metrics[side]["devset_sentences"] > 0
    # the same numbers as scoring the loaded tagger directly, each sentence's document read whole for its section
    from serve.predictor import Predictor
    from training.dataset import load_labelled
    from training.evaluate import score, score_tagger

    test = load_labelled(split="test")
    direct = score(*score_tagger(Predictor.load(str(small_model_dir)).tagger, test))
    assert metrics["model"] == direct
