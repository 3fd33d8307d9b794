"""``gwr panel`` end to end: reports in, the panel table and its picture out; failures reported, exit statuses."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pytest

from gwr.cli import main
from serve.panel import PANEL_COLUMNS

REPORTS = [
    {"id": "city-2020", "place": "甲市", "year": 2020,
     "text": "一、2019年工作回顾\n地区生产总值增长6.8%。\n二、2020年工作安排\n今年主要预期目标是：地区生产总值增长6.5%左右；"
             "城镇新增就业1.2万人以上。\n"},
    {"id": "city-2021", "place": "甲市", "year": 2021,
     "text": "一、2020年工作回顾\n地区生产总值增长3.1%，城镇新增就业1.5万人。\n二、2021年工作安排\n"
             "今年主要预期目标是：地区生产总值增长7%以上。\n"},
]


@pytest.fixture
def reports(tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in REPORTS), encoding="utf-8")
    return path


def test_panel_writes_the_table_and_the_picture(small_model_dir, reports, tmp_path, capsys):
    out, plot = tmp_path / "panel.csv", tmp_path / "panel.svg"
    status = main(["panel", str(reports), "-o", str(out), "--model", str(small_model_dir), "--plot", str(plot)])
    assert status == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == PANEL_COLUMNS
    cells = {(r["year"], r["indicator"]): r for r in rows}
    gdp = cells[("2020", "gdp")]
    assert (gdp["place"], gdp["indicator_text"], gdp["unit"], gdp["measure"]) == ("甲市", "地区生产总值", "%", "growth")
    assert (gdp["target_comparator"], gdp["target_value"], gdp["target_doc_id"]) == ("~", "6.5", "city-2020")
    assert (gdp["actual_value"], gdp["actual_doc_id"], gdp["gap"], gdp["met"]) == ("3.1", "city-2021", "-3.4", "false")
    assert cells[("2021", "gdp")]["actual_doc_id"] == ""     # the 2021 target has no next report
    assert {r["indicator"] for r in rows} <= {"gdp", "urban_new_jobs"}
    ET.fromstring(plot.read_text(encoding="utf-8"))
    err = capsys.readouterr().err
    assert "gwr panel: 2 reports, 0 failed;" in err and f"-> {out}" in err and "rows (" in err


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_panel_formats(small_model_dir, reports, tmp_path, fmt):
    out = tmp_path / f"panel.{fmt}"
    assert main(["panel", str(reports), "-o", str(out), "--model", str(small_model_dir)]) == 0
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out).column_names == PANEL_COLUMNS
    else:
        assert all(list(json.loads(line)) == PANEL_COLUMNS for line in out.read_text(encoding="utf-8").splitlines())


def test_a_report_without_a_year_is_reported_and_the_others_kept(small_model_dir, reports, tmp_path, capsys):
    with reports.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "undated", "text": "今年地区生产总值增长6%左右。"}, ensure_ascii=False) + "\n")
    out = tmp_path / "panel.jsonl"
    assert main(["panel", str(reports), "-o", str(out), "--model", str(small_model_dir)]) == 1
    err = capsys.readouterr().err
    failures = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert [(f["error"], f["input"].endswith("undated")) for f in failures] == [("missing_year", True)]
    assert "gwr panel: 2 reports, 1 failed;" in err and out.exists()


def test_setup_errors_stop_before_scoring(small_model_dir, reports, tmp_path, capsys):
    bad = tmp_path / "names.tsv"
    bad.write_text("only-one-field\n", encoding="utf-8")
    assert main(["panel", str(reports), "-o", str(tmp_path / "p.csv"), "--synonyms", str(bad),
                 "--model", str(small_model_dir)]) == 2
    assert "names.tsv:1: a line needs a key and a name" in capsys.readouterr().err
    assert main(["panel", str(reports), "-o", "-", "--format", "parquet", "--model", str(small_model_dir)]) == 2
    assert "Parquet needs an output file" in capsys.readouterr().err
    assert main(["panel", str(reports), "-o", str(reports), "--model", str(small_model_dir)]) == 2
    assert "both an input and an output" in capsys.readouterr().err
    assert main(["panel", str(reports), "-o", str(tmp_path / "no" / "p.csv"), "--model", str(small_model_dir)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert main(["panel", str(reports), "-o", str(tmp_path / "p.csv"), "--plot", str(tmp_path),
                 "--model", str(small_model_dir)]) == 2
    assert "it is a folder" in capsys.readouterr().err
    assert not (tmp_path / "p.csv").exists()


def test_more_names_and_the_tolerance_reach_the_panel(small_model_dir, reports, tmp_path, capsys):
    names = tmp_path / "names.tsv"
    names.write_text("key\tname\nlocal_jobs\t城镇新增就业\n", encoding="utf-8")
    out = tmp_path / "panel.jsonl"
    assert main(["panel", str(reports), "-o", str(out), "--model", str(small_model_dir), "--synonyms", str(names),
                 "--about-tolerance", "4"]) == 0
    rows = {(r["year"], r["indicator"]): r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert {indicator for _, indicator in rows} == {"gdp", "local_jobs"}
    assert rows[(2020, "gdp")]["gap"] == -3.4 and rows[(2020, "gdp")]["met"] is True   # within 4 points
