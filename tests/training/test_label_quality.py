"""``gwr label quality``: cleanlab on out-of-fold probabilities finds labels flipped on purpose."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from training.dataset import load_labelled
from training.label_quality import ISSUE_FIELDS, label_quality, write_issues

# six national reports (605 train sentences, 62 about innovation), cross-validated in 2 folds
DOCS = ("national-1959", "national-1960", "national-1981", "national-1982", "national-1988", "national-2001")
# plainly about science and technology work; and plainly about grain output
INNOVATION_SID = "national-1959:316"
GRAIN_SID = "national-1960:97"


@pytest.fixture(scope="module")
def flipped():
    records = [r for r in load_labelled(split="train") if r.doc_id in DOCS]
    by_sid = {r.sid: r for r in records}
    assert by_sid[INNOVATION_SID].innovation == 1 and by_sid[GRAIN_SID].innovation == 0
    flips = {INNOVATION_SID: 0, GRAIN_SID: 1}
    return [dataclasses.replace(r, innovation=flips[r.sid]) if r.sid in flips else r for r in records]


@pytest.fixture(scope="module")
def issues(flipped):
    return label_quality(records=flipped, folds=2, log=lambda msg: None)


def test_flipped_labels_are_among_the_top_issues(issues):
    innovation = [i for i in issues if i.label == "innovation"]
    top = [i.sid for i in innovation[:20]]       # the 20 least trustworthy of 605 innovation labels
    assert INNOVATION_SID in top and GRAIN_SID in top
    flagged = {i.sid: i for i in innovation}
    assert flagged[INNOVATION_SID].given == 0 and flagged[INNOVATION_SID].predicted > 0.5
    assert flagged[GRAIN_SID].given == 1 and flagged[GRAIN_SID].predicted < 0.5
    assert [i.score for i in issues] == sorted(i.score for i in issues)


def test_issues_are_written_as_csv(issues, tmp_path):
    path = tmp_path / "issues.csv"
    write_issues(issues, path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == ISSUE_FIELDS and len(rows) == len(issues)
    assert {r["sid"] for r in rows if r["label"] == "innovation"} >= {INNOVATION_SID, GRAIN_SID}
