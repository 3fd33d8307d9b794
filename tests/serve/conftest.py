"""Fixtures of the serving tests: a Spark session in ``local[2]`` mode, bound to 127.0.0.1."""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="the spark extra (gwr-tagger[spark]) is not installed")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs a Java runtime (17 or newer)")
    from serve.spark_job import session

    spark = session("local[2]", app="gwr-tagger-test")
    yield spark
    spark.stop()
