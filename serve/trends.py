"""Trends across dated reports (e.g. the national reports 1954–2015): score each report, then per year the
share of sentences per theme, the quantitative targets per report, and the GDP growth target each report sets."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

import pandas as pd

from model.text.inputs import InputFailure
from model.records import THEMES

from .predictor import Predictor
from .scoring import Progress, ScoredDocument, ScoreSummary, dated_documents
from .summary import DOCUMENT_COLUMNS, DocumentTally

GDP_INDICATOR = re.compile(r"GDP|国内生产总值|经济增长", re.IGNORECASE)
# Ratios to GDP (energy per unit of GDP, shares of GDP, contributions to growth) name GDP but are not its growth.
RATIO_TO_GDP = re.compile(r"单位|每|占|比重|比例|之比|贡献")
GDP_COLUMNS = ["year", "doc_id", "found", "indicator", "comparator", "value", "value_low", "value_high", "unit",
               "candidates", "sent_id", "text"]


@dataclass
class ScoredReport:
    """One report's scoring-contract records, with the year it was given."""

    doc_id: str
    year: int
    records: list[dict]


def report_year(meta: dict) -> int:
    """The ``year`` field of a report's metadata, as an integer."""
    year = meta.get("year")
    try:
        return int(year)
    except (TypeError, ValueError):
        raise ValueError(f"no usable 'year' field ({year!r})") from None


def score_reports(predictor: Predictor, inputs: Iterable[str], years: Collection[int] | None = None,
                  progress: Progress | None = None, also: Callable[[ScoredDocument], object] | None = None
                  ) -> tuple[list[ScoredReport], list[InputFailure]]:
    """Score every report of ``inputs`` (only those of ``years`` when given). Reports that cannot be read or
    carry no year come back as failures naming the input; the others are still scored, and each is also
    handed to ``also`` when given (e.g. :meth:`serve.panel.PanelBuilder.add`, so one scoring feeds both)."""
    reports: list[ScoredReport] = []
    failures: list[InputFailure] = []
    summary = ScoreSummary()
    for item in dated_documents(predictor, inputs, lambda document: report_year(document.meta),
                                keep=None if years is None else years.__contains__, summary=summary,
                                progress=progress):
        if isinstance(item, InputFailure):
            failures.append(item)
            continue
        reports.append(ScoredReport(item.document.doc_id, report_year(item.document.meta), item.records))
        if also is not None:
            also(item)
    if progress is not None:
        progress.update(summary, final=True)
    return reports, failures


def _tally(records: Iterable[dict], tally: DocumentTally | None = None) -> DocumentTally:
    tally = tally or DocumentTally()
    for record in records:
        tally.add(record)
    return tally


def report_table(reports: Iterable[ScoredReport]) -> pd.DataFrame:
    """One row per report, by year: the ``gwr summarize`` document columns (theme shares, quantitative
    target sentences, target indicators)."""
    rows = [{"year": r.year, **_tally(r.records).row(r.doc_id)} for r in reports]
    frame = pd.DataFrame(rows, columns=["year", *DOCUMENT_COLUMNS])
    return frame.sort_values(["year", "doc_id"], kind="stable").reset_index(drop=True)


def theme_shares_by_year(reports: Iterable[ScoredReport]) -> pd.DataFrame:
    """Share of sentences per theme (columns) for each year (index), pooling the sentences of a year's reports."""
    per_year: dict[int, DocumentTally] = {}
    for report in reports:
        _tally(report.records, per_year.setdefault(report.year, DocumentTally()))
    frame = pd.DataFrame({year: {t: tally.themes[t] / tally.sentences if tally.sentences else 0.0 for t in THEMES}
                          for year, tally in sorted(per_year.items())}).T
    frame = frame.reindex(columns=list(THEMES))
    frame.index.name = "year"
    return frame


def is_gdp_growth_target(mention: dict) -> bool:
    """An indicator naming GDP or economic growth (not a ratio to GDP), read as a growth target."""
    name = mention.get("indicator") or ""
    return (mention.get("kind") == "target" and mention.get("measure") == "growth"
            and bool(GDP_INDICATOR.search(name)) and not RATIO_TO_GDP.search(name))


def gdp_growth_targets(reports: Iterable[ScoredReport]) -> pd.DataFrame:
    """One row per report: its GDP growth target (``found`` False and no value when none) — the first one
    stated in the plan section, else the first in the report — and how many such mentions it has in all."""
    rows = []
    for report in reports:
        candidates = [(record, m) for record in report.records for m in record["indicators"]
                      if is_gdp_growth_target(m)]
        candidates.sort(key=lambda pair: pair[0]["section"] != "plan")
        row = {"year": report.year, "doc_id": report.doc_id, "found": bool(candidates),
               "candidates": len(candidates)}
        if candidates:
            record, m = candidates[0]
            row.update({k: m.get(k) for k in ("indicator", "comparator", "value", "value_low", "value_high", "unit")},
                       sent_id=record["sent_id"], text=record["text"])
        rows.append(row)
    frame = pd.DataFrame(rows, columns=GDP_COLUMNS)
    return frame.sort_values(["year", "doc_id"], kind="stable").reset_index(drop=True)
