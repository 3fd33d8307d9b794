"""``gwr label merge``: suggest -> annotate in Label Studio -> merge, on a copy of the labelled data."""

from __future__ import annotations

import copy
import json
import shutil

import pytest

from gwr.cli import main
from training.dataset import LABELLED, content_hash, read_jsonl
from training.label_merge import merge
from training.label_studio import annotation_from_result, read_export

NEW_PLACE_REPORT = ("一、2023年工作回顾\n"
                    "过去一年，全区新增高新技术企业35家，研发经费支出增长12.5%。\n"
                    "新建人才公寓1200套，引进博士以上高层次人才86名。\n"
                    "二、2024年工作安排\n"
                    "力争全年技术交易额超过5.5亿元。\n"
                    "加快推进城市道路改造，新建绿道4公里。\n"
                    "深入推进全面从严治党，持续加强基层党组织建设。\n")
KNOWN_PLACE_REPORT = ("一、过去一年的工作\n"
                      "全县完成棚户区改造1500户，新建城市公园3个。\n"
                      "县科技孵化园入驻科技型中小企业42家。\n"
                      "二、今年的主要任务\n"
                      "计划引进各类专业技术人才300名以上。\n"
                      "年内完成3轮巡察，严格落实中央八项规定精神。\n"
                      "确保全县地区生产总值增长7%左右。\n")


@pytest.fixture()
def labelled(tmp_path):
    root = tmp_path / "labelled"
    shutil.copytree(LABELLED, root)
    return root


def _export(tasks: list[dict], user: str = "reader@example.org") -> list[dict]:
    """What Label Studio exports once an annotator has submitted every task: here the annotator reads the
    pre-annotation and submits it, adding the talent theme to the first sentence."""
    exported = []
    for i, task in enumerate(tasks, start=1):
        result = copy.deepcopy(task["predictions"][0]["result"])
        if i == 1:
            themes = next(r for r in result if r["from_name"] == "themes")["value"]["choices"]
            themes.append("talent") if "talent" not in themes else themes.remove("talent")
        exported.append({"id": i, "data": task["data"], "predictions": task["predictions"],
                         "annotations": [{"id": 100 + i, "completed_by": {"email": user}, "result": result,
                                          "was_cancelled": False, "updated_at": "2026-12-01T10:00:00Z"}]})
    return exported


def _task(task_id: int, data: dict, result: list[dict] | None, cancelled: bool = False) -> dict:
    annotations = [] if result is None else [{"id": 500 + task_id, "completed_by": 7, "result": result,
                                              "was_cancelled": cancelled}]
    return {"id": task_id, "data": data, "annotations": annotations}


def _labels(themes: list[str], quant: str | None = "no") -> list[dict]:
    result = [{"from_name": "themes", "to_name": "text", "type": "choices", "value": {"choices": themes}}]
    if quant:
        result.append({"from_name": "quant_target", "to_name": "text", "type": "choices",
                       "value": {"choices": [quant]}})
    return result


@pytest.mark.slow
def test_suggest_annotate_merge_round_trip(tmp_path, labelled, small_model_dir, national_reports, capsys):
    repository_data = content_hash(LABELLED / "sentences.jsonl")
    before = read_jsonl(labelled / "sentences.jsonl")
    split_before = json.loads((labelled / "split.json").read_text(encoding="utf-8"))["doc_split"]
    known_place = next(r for r in read_jsonl(labelled / "pool.jsonl") if r["source"] == "local")
    reports = tmp_path / "reports.jsonl"
    docs = [national_reports["national-2011"],
            {"doc_id": "newtown_2024", "place": "测试省新城区", "year": 2024, "text": NEW_PLACE_REPORT},
            {"doc_id": "samecounty_2024", "place": known_place["place"], "year": 2024, "text": KNOWN_PLACE_REPORT}]
    reports.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")

    batch = tmp_path / "batch.jsonl"
    assert main(["label", "suggest", str(reports), "--model", str(small_model_dir), "--n", "12", "--per-doc", "4",
                 "--root", str(labelled), "-o", str(batch)]) == 0
    tasks = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines()]
    assert len(tasks) == 12
    per_doc = {d: sum(t["data"]["doc_id"] == d for t in tasks) for d in ("national-2011", "newtown_2024",
                                                                         "samecounty_2024")}
    assert per_doc == {"national-2011": 4, "newtown_2024": 4, "samecounty_2024": 4}
    assert not any(t["data"]["text"].startswith(("一、", "二、")) for t in tasks)   # headings left out

    exported = _export(tasks)
    first = exported[0]
    labelled_text = before[10]["text"]
    fresh = {"doc_id": "newtown_2024", "section": "plan", "source": "local", "place": "测试省新城区"}
    bad_value = _labels(["innovation"], "yes") + [
        {"id": "r", "from_name": "mention", "to_name": "text", "type": "labels",
         "value": {"start": 4, "end": 8, "labels": ["target"]}},
        *({"id": "r", "from_name": name, "to_name": "text", "type": "textarea",
           "value": {"start": 4, "end": 8, "text": [written]}} for name, written in
          (("indicator", "研发投入"), ("value", "很多"), ("unit", "亿元"))),
        *({"id": "r", "from_name": name, "to_name": "text", "type": "choices",
           "value": {"start": 4, "end": 8, "choices": [chosen]}} for name, chosen in
          (("comparator", ">="), ("measure", "level")))]
    exported += [
        _task(901, {**first["data"], "doc_id": "national-1954", "sent_id": 9999, "text": labelled_text},
              _labels([])),
        _task(902, {**first["data"], "sent_id": 9998}, _labels(["urban"])),
        _task(903, {**fresh, "sent_id": 101, "text": "全区经济运行总体平稳、稳中有进。"}, _labels(["economy"])),
        _task(904, {**fresh, "sent_id": 102, "text": "全年研发投入5.5亿元以上。"}, bad_value),
        _task(905, {**fresh, "sent_id": 103, "text": "持续优化全区营商环境。"}, _labels([], quant=None)),
        _task(906, {**fresh, "sent_id": 104, "text": "着力办好各项民生实事。"}, _labels([]), cancelled=True),
        _task(907, {**fresh, "doc_id": "noplace_2024", "place": None, "sent_id": 1,
                    "text": "新建公共租赁住房800套。"}, _labels(["urban"], "yes")),
    ]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()

    assert main(["label", "merge", str(export), "--root", str(labelled)]) == 1     # bad tasks were reported
    out = capsys.readouterr().out
    assert "task 901" in out and "already labelled" in out
    assert "task 902" in out and "same text as task 1 (" in out
    assert "task 903" in out and "unknown themes ['economy']" in out
    assert "task 904" in out and "value must be a number, got '很多'" in out
    assert "task 905" in out and "quant_target must be answered" in out
    assert "task 906" in out and "no submitted annotation" in out
    assert "task 907" in out and "needs data.place" in out

    after = read_jsonl(labelled / "sentences.jsonl")
    added = {r["sid"] for r in after} - {r["sid"] for r in before}
    assert added == {f"{t['data']['doc_id']}:{t['data']['sent_id']}" for t in tasks}
    assert len(after) == len(before) + 12
    new = {r["sid"]: r for r in after if r["sid"] in added}
    assert all(r["annotator"] == "reader" and r["sampling"] == "enriched" and r["enriched_for"] == "uncertainty"
               for r in new.values())
    sid_one = f"{tasks[0]['data']['doc_id']}:{tasks[0]['data']['sent_id']}"
    assert new[sid_one]["talent"] == int("talent" not in tasks[0]["predictions"][0]["result"][0]["value"]["choices"])
    split_after = json.loads((labelled / "split.json").read_text(encoding="utf-8"))["doc_split"]
    assert {d: s for d, s in split_after.items() if split_before.get(d) != s} == {
        "newtown_2024": split_after["newtown_2024"], "samecounty_2024": split_after["samecounty_2024"]}
    assert split_after["samecounty_2024"] == split_before[known_place["doc_id"]]     # places stay whole
    assert all(r["split"] == split_before["national-2011"] for r in new.values() if r["doc_id"] == "national-2011")
    assert (labelled / "annotations" / "reader").is_dir()

    assert main(["data", "check", "--root", str(labelled), "--data", str(labelled / "sentences.jsonl")]) == 0
    assert "problem" not in capsys.readouterr().out

    again = merge(export, root=labelled)                 # the same export twice adds nothing
    assert again.added_count == 0 and len(again.duplicates) == 14       # 12 merged, 901, 902
    assert content_hash(LABELLED / "sentences.jsonl") == repository_data


def test_an_export_without_good_tasks_changes_nothing(tmp_path, labelled):
    export = tmp_path / "export.jsonl"
    lines = [json.dumps(_task(1, {"text": "加快建设创新型城市。", "doc_id": "x_2024", "sent_id": "3"}, _labels([]))),
             "{not json",
             json.dumps({"id": 2, "annotations": []})]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = {p: p.read_bytes() for p in labelled.rglob("*") if p.is_file()}
    report = merge(export, annotator="ann99", root=labelled)
    assert report.added_count == 0
    assert any("line 2: not JSON" in p for p in report.bad)
    assert any("line 3: not a Label Studio task" in p for p in report.bad)
    assert any("task 1" in p and "sent_id must be" in p for p in report.bad)
    assert {p: p.read_bytes() for p in labelled.rglob("*") if p.is_file()} == files


def test_mentions_are_read_from_regions_with_their_occurrence():
    text = "新增生猪产能50万头,四川港投集团50万头生态猪养殖项目开工建设。"
    second = text.index("50万头", 8)
    region = {"start": second, "end": second + 4}
    result = _labels([], "no") + [
        {"id": "a", "from_name": "mention", "to_name": "text", "type": "labels", "value": {**region, "labels": ["actual"]}},
        {"id": "a", "from_name": "indicator", "type": "textarea", "value": {**region, "text": ["生态猪养殖项目"]}},
        {"id": "a", "from_name": "value", "type": "textarea", "value": {**region, "text": ["50"]}},
        {"id": "a", "from_name": "unit", "type": "textarea", "value": {**region, "text": ["万头"]}},
        {"id": "a", "from_name": "comparator", "type": "choices", "value": {**region, "choices": ["="]}},
        {"id": "a", "from_name": "measure", "type": "choices", "value": {**region, "choices": ["level"]}},
        {"id": "b", "from_name": "mention", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 2, "labels": ["actual"]}},
    ]
    row, problems = annotation_from_result(text, result)
    assert row["mentions"] == [{"indicator": "生态猪养殖项目", "span": "50万头", "unit": "万头", "comparator": "=",
                                "kind": "actual", "measure": "level", "value": 50.0, "value_low": None,
                                "value_high": None, "occurrence": 2}]
    assert problems == ["span '新增' at 0: indicator is missing", "span '新增' at 0: value is missing",
                        "span '新增' at 0: unit is missing", "span '新增' at 0: comparator is missing",
                        "span '新增' at 0: measure is missing"]


def test_the_latest_submitted_annotation_counts(tmp_path):
    export = tmp_path / "export.json"
    task = _task(5, {"text": "t", "doc_id": "d", "sent_id": 0}, _labels(["party"]))
    task["annotations"] += [{"id": 2, "completed_by": 3, "result": _labels(["urban"]), "was_cancelled": False,
                             "updated_at": "2026-12-02"},
                            {"id": 3, "completed_by": 4, "result": _labels(["talent"]), "was_cancelled": True,
                             "updated_at": "2026-12-03"}]
    task["annotations"][0]["updated_at"] = "2026-12-01"
    export.write_text(json.dumps([task]), encoding="utf-8")
    (found,), problems = read_export(export)
    assert problems == [] and found.annotator == "ls3" and found.result[0]["value"]["choices"] == ["urban"]
    assert found.note == "2 annotations, the latest is used"
