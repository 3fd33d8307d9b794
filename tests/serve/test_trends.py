"""Per-year theme shares, targets per report and the GDP growth target, from scored reports."""

from __future__ import annotations

import json

import pytest

from model.records import THEMES, Mention, SentenceResult
from serve.trends import (ScoredReport, gdp_growth_targets, is_gdp_growth_target, report_table, score_reports,
                          theme_shares_by_year)


def _mention(indicator, value, kind="target", measure="growth", comparator="~"):
    return Mention(indicator, value, "%", comparator, kind, measure, 0, 2).to_dict()


def _record(sent_id, labels=(), quant=False, indicators=(), section="plan"):
    return {"doc_id": "d", "sent_id": sent_id, "section": section, "text": f"s{sent_id}",
            "themes": dict.fromkeys(THEMES, 0.0), "labels": list(labels), "quant_target": quant,
            "quant_target_prob": 0.9 if quant else 0.1, "indicators": list(indicators)}


def test_theme_shares_pool_the_sentences_of_a_year():
    reports = [ScoredReport("a", 2000, [_record(0, ["innovation"]), _record(1), _record(2, ["innovation", "party"]),
                                        _record(3)]),
               ScoredReport("b", 2000, [_record(0, ["talent"]), _record(1, ["innovation"])]),
               ScoredReport("c", 1999, [_record(0, ["urban"])])]
    shares = theme_shares_by_year(reports)
    assert list(shares.index) == [1999, 2000] and list(shares.columns) == list(THEMES)
    assert shares.loc[2000, "innovation"] == pytest.approx(3 / 6)
    assert shares.loc[2000, "talent"] == pytest.approx(1 / 6) and shares.loc[2000, "urban"] == 0
    assert shares.loc[1999, "urban"] == 1.0


def test_report_table_counts_targets_of_target_sentences():
    target, actual = _mention("技术交易额", 5.5), _mention("技术交易额", 4.1, kind="actual")
    reports = [ScoredReport("b", 2001, [_record(0, quant=True, indicators=[target, actual]),
                                        _record(1, quant=False, indicators=[target])]),
               ScoredReport("a", 1990, [_record(0)])]
    table = report_table(reports)
    assert list(table["doc_id"]) == ["a", "b"]  # by year
    row = table.set_index("doc_id").loc["b"]
    assert row["year"] == 2001 and row["sentences"] == 2
    assert row["quant_target_sentences"] == 1 and row["target_indicators"] == 1


def test_gdp_filter():
    assert is_gdp_growth_target(_mention("国内生产总值", 7.5))
    assert is_gdp_growth_target(_mention("经济增长预期目标", 7.0))
    assert is_gdp_growth_target(_mention("GDP", 6.5))
    assert not is_gdp_growth_target(_mention("国内生产总值", 7.7, kind="actual"))
    assert not is_gdp_growth_target(_mention("国内生产总值", 56.9, measure="level"))
    assert not is_gdp_growth_target(_mention("单位国内生产总值能耗", 3.5))
    assert not is_gdp_growth_target(_mention("消费对经济增长的贡献率", 3.0))
    assert not is_gdp_growth_target(_mention("粮食产量", 2.0))


def test_gdp_target_prefers_the_plan_section_and_shows_reports_without_one():
    review = _record(0, quant=True, indicators=[_mention("国内生产总值", 7.7, comparator="=")], section="review")
    plan = _record(5, quant=True, indicators=[_mention("其他", 1.0), _mention("国内生产总值", 7.5)])
    later = _record(6, quant=True, indicators=[_mention("经济增长", 7.0)])
    table = gdp_growth_targets([ScoredReport("y2014", 2014, [review, plan, later]),
                                ScoredReport("y1960", 1960, [_record(0, ["party"])])])
    assert list(table["year"]) == [1960, 2014]
    none, found = table.iloc[0], table.iloc[1]
    assert not none["found"] and none["candidates"] == 0 and none["value"] != none["value"]  # NaN
    assert found["found"] and found["candidates"] == 3
    assert (found["value"], found["comparator"], found["sent_id"]) == (7.5, "~", 5)


class _KeywordPredictor:
    """Stands in for a loaded model: innovation when the sentence says 科技."""

    def predict_sentences(self, texts, sections=None, headings=None):
        return [SentenceResult(text=t, themes=dict.fromkeys(THEMES, 0.0), labels=["innovation"] if "科技" in t else [],
                               quant_target=False, quant_target_prob=0.0) for t in texts]

    def predict_document(self, document):
        return self.predict_sentences([s.text for s in document.sentences])


def test_score_reports_reads_years_and_reports_bad_records(tmp_path):
    path = tmp_path / "reports.jsonl"
    lines = [json.dumps({"doc_id": "r1", "year": 1990, "text": "发展科技。建设城市。"}, ensure_ascii=False),
             "{broken",
             json.dumps({"doc_id": "r2", "text": "没有年份。"}, ensure_ascii=False),
             json.dumps({"doc_id": "r3", "year": "2005", "text": "发展科技。"}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reports, failures = score_reports(_KeywordPredictor(), [str(path)])
    assert [(r.doc_id, r.year, len(r.records)) for r in reports] == [("r1", 1990, 2), ("r3", 2005, 1)]
    assert reports[0].records[0]["labels"] == ["innovation"] and reports[0].records[1]["labels"] == []
    assert [(f.error, f.input) for f in failures] == [("bad_json", f"{path}:2"), ("missing_year", f"{path}: r2")]
    only, _ = score_reports(_KeywordPredictor(), [str(path)], years={2005})
    assert [r.doc_id for r in only] == ["r3"]
