"""``gwr spark``: score a table of sentences on Spark and write partitioned Parquet, through MLflow's own
``mlflow.pyfunc.spark_udf`` on the verified model. For a cluster, or for more sentences than one machine's
``gwr score --jobs`` gets through; needs the ``spark`` extra and Java 17."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from model.records import SECTIONS, THEMES

from .predictor import Predictor


class SparkJobError(ValueError):
    """The job cannot run on these inputs or into this output (one line, no traceback)."""


@dataclass
class SparkOutcome:
    rows: int
    seconds: float
    output: str
    model_uri: str


def score_frame(frame, model_dir: str):
    """``frame`` (a Spark DataFrame with a ``text`` column, ``section`` optional) with the contract's fields as
    flat columns: ``theme_<name>`` probabilities, ``labels``, ``quant_target``, ``quant_target_prob`` and the
    ``indicators`` as an array of structs, and the section: the input's own, else read from the sentence's
    wording (null for a part that is neither review nor plan), with ``section_prob``."""
    import mlflow.pyfunc
    from pyspark.sql import functions as F

    if "text" not in frame.columns:
        raise SparkJobError(f"the input has no 'text' column (columns: {', '.join(frame.columns)})")
    if "section" not in frame.columns:
        frame = frame.withColumn("section", F.lit(None).cast("string"))
    tag = mlflow.pyfunc.spark_udf(frame.sparkSession, model_dir, env_manager="local")
    scored = frame.withColumn("_tags", tag(F.col("text"), F.col("section")))
    return scored.select(
        *[F.col(c) for c in frame.columns if c != "section"],
        *[F.col(f"_tags.themes.{t}").alias(f"theme_{t}") for t in THEMES],
        # the UDF's struct result holds a null string as "None": the contract's section is null there
        F.when(F.col("_tags.section").isin(*SECTIONS), F.col("_tags.section")).alias("section"),
        F.col("_tags.section_prob").alias("section_prob"),
        F.col("_tags.labels").alias("labels"), F.col("_tags.quant_target").alias("quant_target"),
        F.col("_tags.quant_target_prob").alias("quant_target_prob"), F.col("_tags.indicators").alias("indicators"))


def read_inputs(spark, inputs: Sequence[str]):
    """One DataFrame of every input: JSONL (``.jsonl``/``.json``) or Parquet (``.parquet`` or a folder of it)."""
    frames = []
    for name in inputs:
        path = Path(name)
        if not path.exists():
            raise SparkJobError(f"{name}: no such file or folder")
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".json"):
            frames.append(spark.read.json(str(path)))
        elif suffix == ".parquet" or (path.is_dir() and any(path.rglob("*.parquet"))):
            frames.append(spark.read.parquet(str(path)))
        else:
            raise SparkJobError(f"{name}: not JSONL (.jsonl) or Parquet (.parquet, or a folder of it)")
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other, allowMissingColumns=True)
    return frame


def session(master: str | None = None, app: str = "gwr-tagger"):
    """A Spark session whose executors run this interpreter (the one that has gwr-tagger); the driver binds to
    127.0.0.1 unless ``master`` says otherwise."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app).config("spark.ui.enabled", "false")
    if master is None or master.startswith("local"):
        builder = (builder.master(master or "local[*]").config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    else:
        builder = builder.master(master)
    return builder.getOrCreate()


def run_spark_job(inputs: Sequence[str], output: str, *, model: str | None = None,
                  partition_by: Sequence[str] = (), master: str | None = None, overwrite: bool = False,
                  spark=None) -> SparkOutcome:
    """Score ``inputs`` into the Parquet folder ``output``, partitioned by ``partition_by`` columns of the input.
    The model is resolved and verified here (as for ``gwr score``) before Spark sees it."""
    import time

    started = time.perf_counter()
    if Path(output).exists() and not overwrite:
        raise SparkJobError(f"{output} exists (give --overwrite to replace it)")
    predictor = Predictor.load(model)
    own = spark is None
    spark = session(master) if own else spark
    try:
        frame = read_inputs(spark, inputs)
        missing = [c for c in partition_by if c not in frame.columns]
        if missing:
            raise SparkJobError(f"no column {', '.join(missing)} to partition by (columns: {', '.join(frame.columns)})")
        scored = score_frame(frame, str(predictor.model_dir))
        writer = scored.write.mode("overwrite" if overwrite else "error")
        if partition_by:
            writer = writer.partitionBy(*partition_by)
        writer.parquet(output)
        rows = spark.read.parquet(output).count()
    finally:
        if own:
            spark.stop()
    return SparkOutcome(rows, time.perf_counter() - started, output, predictor.uri)
