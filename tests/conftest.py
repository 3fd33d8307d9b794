"""Shared fixtures: the bundled raw data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SEEDS = sorted((RAW / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def national_reports() -> dict[str, dict]:
    with (RAW / "national_reports_1954_2015.jsonl").open(encoding="utf-8") as handle:
        return {r["doc_id"]: r for r in map(json.loads, handle)}


@pytest.fixture(scope="session")
def local_excerpts() -> dict[str, dict]:
    with (RAW / "local_excerpts.jsonl").open(encoding="utf-8") as handle:
        return {r["doc_id"]: r for r in map(json.loads, handle)}
