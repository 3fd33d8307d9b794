"""gwr data build: the bundled dataset is exactly what its annotations rebuild, agreement included."""

from __future__ import annotations

import json
import shutil

from training.data_build import rebuild
from training.repository import LABELLED


def test_rebuilding_the_bundled_data_changes_nothing(tmp_path):
    root = shutil.copytree(LABELLED, tmp_path / "labelled")
    report = rebuild(root)
    assert (root / "sentences.jsonl").read_bytes() == (LABELLED / "sentences.jsonl").read_bytes()
    assert json.loads((root / "agreement.json").read_text()) == json.loads((LABELLED / "agreement.json").read_text())
    assert report.sentences == sum(1 for _ in (LABELLED / "sentences.jsonl").open()) and report.pending == []
    assert report.agreement["double_labelled"] > 0
