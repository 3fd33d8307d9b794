"""``gwr spark``: 50,000 sentences scored on Spark (``local[2]``) into Parquet partitioned by year; every row
comes back, in its partition, and a sample equals what :class:`~serve.predictor.Predictor` gives."""

from __future__ import annotations

import json

import pytest

from gwr.cli import main
from model.records import THEMES
from serve.predictor import Predictor
from tests.conftest import RAW, unique_national_sentences

pytestmark = [pytest.mark.slow]

ROWS = 50_000


@pytest.fixture(scope="module")
def sentences_jsonl(tmp_path_factory):
    """50,000 unique sentence records (national sentences, and each again with a numbered clause) with a year."""
    base = [(text, section, year) for text, section, year, _ in unique_national_sentences()]
    path = tmp_path_factory.mktemp("spark") / "sentences.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for k in range(ROWS):
            text, section, year = base[k % len(base)]
            if k >= len(base):
                text = f"{text}（第{k // len(base)}次）"
            handle.write(json.dumps({"id": f"s{k}", "text": text, "section": section, "year": year},
                                    ensure_ascii=False) + "\n")
    return path


def test_fifty_thousand_sentences_into_partitioned_parquet(spark, small_model_dir, sentences_jsonl, tmp_path):
    import pyarrow.parquet as pq

    from serve.spark_job import run_spark_job

    out = tmp_path / "scored"
    outcome = run_spark_job([str(sentences_jsonl)], str(out), model=str(small_model_dir), partition_by=["year"],
                            spark=spark)
    assert outcome.rows == ROWS
    years = {p.name for p in out.iterdir() if p.is_dir()}
    assert len(years) > 30 and all(y.startswith("year=") for y in years)
    print(f"gwr spark: {ROWS} sentences in {outcome.seconds:.1f} s ({ROWS / outcome.seconds:,.0f} sentences/s)")

    table = pq.read_table(out).to_pylist()
    assert len(table) == ROWS
    sample = sorted(table, key=lambda r: int(r["id"][1:]))[::50]
    # the output's section is the model's where the input gave none: the input's own is what was scored
    given = {r["id"]: r["section"] for r in map(json.loads, sentences_jsonl.read_text(encoding="utf-8").splitlines())}
    results = Predictor.load(str(small_model_dir)).predict_sentences([r["text"] for r in sample],
                                                                     [given[r["id"]] for r in sample])
    indicators = 0
    for row, result in zip(sample, results):
        want = result.to_dict()
        assert row["section"] == want["section"]
        assert (row["section_prob"] is None if want["section_prob"] is None
                else row["section_prob"] == pytest.approx(want["section_prob"], abs=1e-9))
        assert row["labels"] == want["labels"]
        assert row["quant_target"] == want["quant_target"]
        assert row["quant_target_prob"] == pytest.approx(want["quant_target_prob"], abs=1e-9)
        assert [row[f"theme_{t}"] for t in THEMES] == pytest.approx([want["themes"][t] for t in THEMES], abs=1e-9)
        assert [{k: m[k] for k in ("start", "end", "value", "unit", "kind")} for m in row["indicators"]] == \
            [{k: m[k] for k in ("start", "end", "value", "unit", "kind")} for m in want["indicators"]]
        indicators += len(want["indicators"])
    assert indicators > 50


def test_the_command_says_in_one_line_what_stops_it(tmp_path, capsys, small_model_dir):
    pytest.importorskip("pyspark")
    (tmp_path / "taken").mkdir()
    assert main(["spark", str(RAW / "local_excerpts.jsonl"), "-o", str(tmp_path / "taken"), "--model",
                 str(small_model_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"gwr spark: {tmp_path / 'taken'} exists (give --overwrite to replace it)"
