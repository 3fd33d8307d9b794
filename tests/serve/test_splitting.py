"""gwr split as a job: one record per sentence with its context, failures on the error stream."""

from __future__ import annotations

import io
import json

from serve.splitting import split_inputs

from tests.conftest import SEEDS


def test_records_and_failures(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out, errors = io.StringIO(), io.StringIO()
    summary = split_inputs([str(SEEDS[0]), str(empty)], out, errors)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (summary.documents, summary.failed, summary.sentences) == (1, 1, len(records))
    assert {"doc_id", "sent_id", "section", "heading", "is_heading", "text", "meta"} == set(records[0])
    assert json.loads(errors.getvalue())["error"] == "empty"
