"""``gwr panel``: the place × year × indicator table of targets beside results (``docs/panel.md``).

Each report sets targets for the year it plans and reviews the year before: a report of year Y (the national
reports are delivered in March of Y; local ones between December of Y−1 and March of Y) gives its targets for Y
and its results for Y−1. So the targets of year Y come from the reports of year Y of a place, and the results
of year Y from its reports of year Y+1. Indicators are joined on a canonical key read from a table of names
(``model/resources/indicator_keys.tsv``, extended with ``--synonyms``); only indicators with a key make rows.

Reports are read one at a time through :func:`~serve.scoring.scored_documents`, the iterator ``gwr score``
writes from; only the keyed indicator mentions of each report (:class:`Observation`) are kept, and the rows
are made from them at the end (:func:`panel_rows`).

Which mention stands for a (place, year, indicator, unit base) on each side:

- figures of several years (五年来, 年均, 累计, "十一五"时期, 到2020年, 从…增加到…) and figures whose period words
  name another year than the one they would stand for are left out;
- a target stated in the report's main-targets list (主要预期目标是：…, or under a heading naming the targets)
  comes before the same indicator stated elsewhere, then targets of the plan section, then the first stated;
- a result of the review section comes before others, then the first stated; a figure read as a target that its
  words place in the year reviewed (or that stands in the review section naming no year), with no word of a
  goal in its clause, is a result ranked after those.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TextIO

from model.records import Document, Mention, SentenceResult
from model.resources import RESOURCES
from model.text.inputs import MAX_REPORT_BYTES, InputFailure
from model.text.script import to_simplified

from .predictor import Predictor
from .scoring import Progress, ScoredDocument, ScoreSummary, dated_documents

INDICATOR_KEYS = RESOURCES / "indicator_keys.tsv"
NOT_AN_INDICATOR = "-"
NATIONAL = "全国"
PANEL_FORMATS = ("csv", "parquet", "jsonl")


class PanelSetupError(ValueError):
    """``gwr panel`` cannot start (an unreadable names file, an output it cannot write): one line."""


# --- indicator keys ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorKeys:
    """Indicator names (simplified script, Latin letters upper-cased) and the key each stands for; ``-`` marks
    names that are no indicator of the panel (a share of GDP is not GDP)."""

    names: dict[str, str]

    def key_of(self, indicator: str) -> str | None:
        """The key of an indicator as written: that of the longest name it contains (of two as long, the one
        written later: the head of a Chinese noun phrase comes last), None when it contains none or that name
        is marked ``-``."""
        text = _normal(indicator)
        best: tuple[int, int, str] | None = None
        for name, key in self.names.items():
            at = text.rfind(name)
            if at >= 0 and (best is None or (len(name), at) > best[:2]):
                best = (len(name), at, key)
        if best is None or best[2] == NOT_AN_INDICATOR:
            return None
        length, at, key = best
        name = text[at:at + length]
        if not _SHARE.search(name) and (_SHARE.search(text[at + length:]) or text[at + length:].startswith("中")):
            return None   # 社会商品零售总额中的比重: a share of the indicator, not the indicator
        return key

    @property
    def keys(self) -> list[str]:
        return sorted({k for k in self.names.values() if k != NOT_AN_INDICATOR})


_SHARE = re.compile("比重|比例|占|份额|率|强度")


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", to_simplified(text)).upper()


def read_indicator_keys(path: str | Path) -> dict[str, str]:
    """Name → key from a TSV of ``key``, ``name`` (and any further columns, such as ``note``), with a header
    line; blank lines and lines starting with ``#`` are skipped. Raises :class:`PanelSetupError` naming the
    file and line of a line without both fields."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PanelSetupError(f"{path}: cannot read the indicator names: {getattr(exc, 'strerror', None) or exc}"
                              ) from None
    names: dict[str, str] = {}
    header = True
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header:
            header = False
            if cells[:2] == ["key", "name"]:
                continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise PanelSetupError(f"{path}:{number}: a line needs a key and a name separated by a tab")
        names[_normal(cells[1])] = cells[0]
    return names


def load_indicator_keys(extra: Iterable[str | Path] = ()) -> IndicatorKeys:
    """The bundled indicator names, extended by each file of ``extra`` in turn (same format; a name given
    again takes the later file's key, so a user's file can also move or drop, with ``-``, a bundled name)."""
    names = read_indicator_keys(INDICATOR_KEYS)
    for path in extra:
        names.update(read_indicator_keys(path))
    return IndicatorKeys(names)


# --- the year and place of a report -------------------------------------------------------------------------

_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年|([一二][〇零○九一二三四五六七八]{3})年")
_ADMIN_SUFFIX = r"(?:省|市|自治区|特别行政区|自治州|州|盟|地区|新区|区|县|自治县|旗|镇|乡|街道)"
_TITLE_PLACE = re.compile(rf"(?P<place>[\u4e00-\u9fff]{{1,24}}?{_ADMIN_SUFFIX})(?:人民)?政府(?:工作)?报告")
_NATIONAL_TITLE = re.compile("国务院|中华人民共和国|中央人民政府")


@dataclass(frozen=True)
class ReportInfo:
    """A report as the panel places it: its document, place and year (the year it plans)."""

    doc_id: str
    place: str
    year: int


def report_year(meta: dict) -> int | None:
    """The year a report plans: its ``year`` field, else the latest year its title names (a title such as
    关于2022年计划执行情况与2023年计划草案的报告 plans 2023), else None."""
    year = meta.get("year")
    if isinstance(year, str):
        year = year.strip()
        year = int(year) if year.isdigit() else None
    if isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100:
        return year
    title = to_simplified(str(meta.get("title") or ""))
    years = [int(m[1]) if m[1] else int("".join(_CN_YEAR_DIGITS[c] for c in m[2])) for m in _TITLE_YEAR.finditer(title)]
    years = [y for y in years if 1900 <= y <= 2100]
    return max(years) if years else None


def report_place(meta: dict) -> str:
    """Where a report comes from: its ``place`` field, else :data:`NATIONAL` (全国) for a report of the State
    Council (a title naming 国务院 or 中华人民共和国), else the place its title names before 人民政府工作报告 /
    政府工作报告 (2021年荣县政府工作报告 → 荣县), else the empty string."""
    place = meta.get("place")
    if isinstance(place, str) and place.strip():
        return place.strip()
    title = to_simplified(str(meta.get("title") or ""))
    if _NATIONAL_TITLE.search(title):
        return NATIONAL
    title = re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", title)
    title = _TITLE_YEAR.sub(" ", title)
    found = _TITLE_PLACE.search(title.replace(" ", "|"))
    return found["place"] if found else ""


def report_info(document: Document) -> ReportInfo | None:
    """The report's place and year, or None when it has no year (such a report is reported, never guessed)."""
    year = report_year(document.meta)
    return None if year is None else ReportInfo(document.doc_id, report_place(document.meta), year)


# --- observations: the keyed mentions of one report -------------------------------------------------------

_YEAR = r"(?:(?:19|20)\d\d|[一二][〇零○九一二三四五六七八]{3})\s*年"
_PAST = r"去年|上年|上一年|过去一年|一年来"
_CURRENT = r"今年|明年|本年|当年|全年|年内"
_COUNT = r"(?<![\d〇零○一二三四五六七八九十两])(?:[两二三四五六七八九十][一二三四五六七八九十]?|\d{1,2})"
_SEVERAL_YEARS = (rf"{_COUNT}年(?![级代龄度底末初])|年均|累计|平均每年|每年平均|年平均|以来|期间|时期|五年计划|计划期|"
                  rf"“十[一二三四五六七八九]?五”|[到至]{_YEAR}|(?<![自])从(?=[\d一二三四五六七八九十两]|$)")
# The last period words before a figure (in its sentence, else the short opening of its paragraph, else its
# heading) say which year it is of: a year written out (not a base of comparison: 比上年, 较2010年), the year
# before (去年, 过去一年), the year of the report (今年: the year planned, or, in a report given in December, the
# year reviewed), or several years (五年来, 年均, 到2020年, 从26.6万亿元增加到…).
_NOT_A_BASE = "(?<![比较同与于])"
_PERIOD = re.compile(rf"(?P<several>{_SEVERAL_YEARS})|{_NOT_A_BASE}(?P<year>{_YEAR})|{_NOT_A_BASE}(?P<past>{_PAST})|"
                     rf"{_NOT_A_BASE}(?P<current>{_CURRENT})")
_HEADLINE = re.compile("主要预期目标|主要目标|预期目标|主要指标|调控目标|主要经济指标|主要计划指标|发展目标")
_TARGET_WORDS = re.compile("目标|预期|计划|力争|争取|确保|提出|要求|预定|拟|将|要把")
# A figure named only by its change (涨幅仍然高达百分之二十一点七) is of the indicator named before it.
_REFERS_BACK = re.compile("(?:涨幅|增幅|增速|降幅|上涨幅度|增长幅度)(?:仍然|仍|也|则|依然|还|高|达|为)*$")
_CHANGE_TO = re.compile("[^，,；;。]{0,6}?[到至]")
_SECTION_RANK = {"target": {"plan": 0, None: 1, "review": 2}, "actual": {"review": 0, None: 1, "plan": 2}}


@dataclass(frozen=True)
class Observation:
    """One keyed indicator mention of a report, as a candidate for the target or the result of a (place,
    year, indicator, unit base). ``rank`` orders the candidates of one cell: the lowest stands for it."""

    place: str
    year: int
    indicator: str
    base: str
    side: str
    indicator_text: str
    unit: str
    measure: str
    comparator: str
    value: float | None
    value_low: float | None
    value_high: float | None
    doc_id: str
    sent_id: int
    rank: tuple

    @property
    def cell(self) -> tuple[str, int, str, str]:
        return self.place, self.year, self.indicator, self.base


def period_of(context: str) -> tuple[str, int | None]:
    """What the last period words of ``context`` (the text before a figure) say of the figure's period:
    ``("several", None)`` (五年来, 年均, 到2020年), ``("year", Y)`` (a year written out), ``("past", None)``
    (去年, 过去一年), ``("current", None)`` (今年, 全年) or ``("none", None)``."""
    last = None
    for last in _PERIOD.finditer(unicodedata.normalize("NFKC", to_simplified(context))):
        pass
    if last is None:
        return "none", None
    if last["year"]:
        return "year", _year_number(last["year"])
    return last.lastgroup, None


def stands_for(side: str, period: tuple[str, int | None], year: int) -> bool:
    """Whether a figure of ``period`` can be the target (``side`` target) or the result (actual) of ``year``:
    never a figure of several years or of another year; a target never one of the year before."""
    kind, named = period
    if kind == "several" or (kind == "year" and named != year):
        return False
    return not (side == "target" and kind == "past")


def _year_number(text: str) -> int:
    digits = text.rstrip("年").strip()
    return int(digits) if digits.isdigit() else int("".join(_CN_YEAR_DIGITS[c] for c in digits))


def unit_base(unit: str) -> tuple[str, float]:
    """A unit as a base and the factor to it, so figures in 万人 and 人, or 亿斤 and 万吨, compare: ``("人",
    1e4)``, ``("kg", 5e7)``. Percentages are ``%`` (‰ a tenth of it); percentage points are a base of their own."""
    unit = to_simplified(unit).strip()
    if unit in ("%", "‰"):
        return "%", 1.0 if unit == "%" else 0.1
    if unit in ("百分点", "个百分点"):
        return "百分点", 1.0
    factor = 1.0
    while unit[:1] in ("万", "亿") and len(unit) > 1:
        factor *= 1e4 if unit[0] == "万" else 1e8
        unit = unit[1:]
    mass = {"斤": 0.5, "公斤": 1.0, "千克": 1.0, "吨": 1000.0}
    if unit in mass:
        return "kg", factor * mass[unit]
    return unit, factor


def report_observations(info: ReportInfo, document: Document, results: Sequence[SentenceResult],
                        keys: IndicatorKeys, order: int = 0) -> list[Observation]:
    """The keyed mentions of one scored report that can stand for a single year: its targets for the year it
    plans and its results for the year before. ``order`` (the report's place among the inputs) breaks ties
    between reports of one place and year in input order."""
    out: list[Observation] = []
    in_list = False      # inside a main-targets list: 主要预期目标是：…； and the items after it, up to a full stop
    lead = ""            # the period the paragraph opened with (过去一年，… / 2009年，…)
    previous_end = None
    last_key = None      # the paragraph's last keyed indicator, which a figure named only 涨幅 or 增幅 refers back to
    for i, (sentence, result) in enumerate(zip(document.sentences, results)):
        if previous_end is None or "\n" in document.body[previous_end:sentence.start] or sentence.is_heading:
            lead, last_key = "", None
        previous_end = sentence.end
        text = to_simplified(result.text)
        listed = in_list or bool(sentence.heading and _HEADLINE.search(to_simplified(sentence.heading)))
        heading = {side: _heading_period(sentence.heading, side) for side in ("target", "actual")}
        for j, m in enumerate(result.indicators):
            key = keys.key_of(m.indicator)
            if key is None and _REFERS_BACK.match(to_simplified(m.indicator)):
                key = last_key
            if key is None:
                continue
            last_key = key
            side = "target" if m.kind == "target" else "actual"
            period = _change_period(text, m) or period_of(f"{heading[side]}。{lead}。{text[:m.start]}")
            section = result.section if result.section is not None else sentence.section
            restated = False
            if side == "target" and _reviewed(period, info.year, section) and not _calls_it_a_target(text, m):
                side, restated = "actual", True
            elif side == "actual" and _calls_it_a_target(text, m):
                restated = True     # 曾提出，要把…控制在百分之十以内: last year's target, after its result
            year = info.year if side == "target" else info.year - 1
            if not stands_for(side, period, year):
                continue
            headline = listed or bool(_HEADLINE.search(text[:m.start]))
            out.append(_observation(info, section, sentence.sent_id, m, key, side, year, headline, (order, i, j),
                                    restated))
        lead = _lead(text) or lead
        list_open = bool(re.search(f"(?:{_HEADLINE.pattern}).*[：:]", text))
        in_list = (in_list or list_open) and text.rstrip().endswith(("；", ";", "：", ":"))
    return out


def _heading_period(heading: str | None, side: str) -> str:
    """A heading's period words, where they apply to the figures under it: a heading of one year (一、2009年工作
    回顾) to all of them; one of several years (“十二五”时期的主要目标和任务) to targets only, since the review of
    several years (取得伟大成就的五年) often gives the last year's results under it; one naming two years
    (1993年工作的回顾和1994年工作的基本方针) to none."""
    if not heading:
        return ""
    heading = to_simplified(heading)
    years = {_year_number(m["year"]) for m in _PERIOD.finditer(unicodedata.normalize("NFKC", heading)) if m["year"]}
    if len(years) > 1 or (side == "actual" and period_of(heading)[0] == "several"):
        return ""
    return heading


def _lead(text: str) -> str:
    """The period a sentence opens with, which holds for the rest of its paragraph: a short first clause
    naming one (过去一年，… / 2009年，… / 五年来，…), else the empty string."""
    clause = re.split("[，,：:；;。]", text, maxsplit=1)[0]
    return clause if len(clause) <= 12 and clause != text and _PERIOD.search(clause) else ""


def _reviewed(period: tuple[str, int | None], year: int, section: str | None) -> bool:
    """Whether a figure of a report of ``year`` is of the year it reviews: its period words say so (去年, or that
    year written out), or it stands in the review section and its words name no year."""
    kind, named = period
    return kind == "past" or (kind == "year" and named == year - 1) or (section == "review" and kind == "none")


def _change_period(text: str, m: Mention) -> tuple[str, int | None] | None:
    """The period of a figure inside a change (从…到…), or None when it is not in one: where the change starts
    (赤字率从去年的2.1%提高到2.3%: 2.1) it is a figure of two years; where it ends, the words after 到 alone say
    its year (提高到2.3%: none; 降到去年的1.5%: the year before)."""
    start = max(text.rfind(c, 0, m.start) for c in "，,；;。：:") + 1
    clause = text[start:m.start]
    if "从" not in clause:
        return None
    if _CHANGE_TO.match(text, m.end):
        return "several", None
    to = max(clause.rfind("到"), clause.rfind("至"))
    return period_of(clause[to + 1:]) if to > clause.index("从") else None


def _calls_it_a_target(text: str, m: Mention) -> bool:
    """Whether the clause of a mention calls its figure a goal (目标, 预期, 计划, 力争, …)."""
    start = max(text.rfind(c, 0, m.start) for c in "，,；;。：:") + 1
    return bool(_TARGET_WORDS.search(text[start:m.end]))


def _observation(info: ReportInfo, section: str | None, sent_id: int, m: Mention, key: str, side: str, year: int,
                 headline: bool, position: tuple[int, int, int], restated: bool = False) -> Observation:
    section_rank = _SECTION_RANK[side].get(section, 1)
    if side == "target":
        # a main-targets list in the review section restates last year's targets
        rank = (0 if headline and section != "review" else 1, section_rank, *position)
    else:
        rank = (int(restated), section_rank, *position)
    return Observation(place=info.place, year=year, indicator=key, base=unit_base(m.unit)[0], side=side,
                       indicator_text=m.indicator, unit=m.unit, measure=m.measure, comparator=m.comparator,
                       value=m.value, value_low=m.value_low, value_high=m.value_high, doc_id=info.doc_id,
                       sent_id=sent_id, rank=rank)


# --- the panel's rows ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelOptions:
    """How a result is judged against an ``about`` target (``~``, or a point): within ``about_tolerance``
    percentage points for figures in % (or percentage points), within ``about_relative`` of the target value
    for figures in other units."""

    about_tolerance: float = 0.5
    about_relative: float = 0.05


@dataclass(frozen=True)
class PanelRow:
    """One place, year and indicator: the target set for the year beside the result given for it. ``unit`` is
    the target's (else the result's) and ``actual_value`` is in it; ``gap`` is the result minus the target value
    (the midpoint of a range); ``met`` says whether the result meets the target by its comparator."""

    place: str
    year: int
    indicator: str
    indicator_text: str
    unit: str
    measure: str
    target_comparator: str | None
    target_value: float | None
    target_value_low: float | None
    target_value_high: float | None
    target_doc_id: str | None
    target_sent_id: int | None
    actual_comparator: str | None
    actual_value: float | None
    actual_doc_id: str | None
    actual_sent_id: int | None
    gap: float | None
    met: bool | None

    def to_dict(self) -> dict:
        return asdict(self)


PANEL_COLUMNS = [f.name for f in fields(PanelRow)]


def best_observations(observations: Iterable[Observation]) -> dict[tuple, Observation]:
    """The observation standing for each (side, place, year, indicator, unit base): the lowest rank."""
    best: dict[tuple, Observation] = {}
    for o in observations:
        cell = (o.side, *o.cell)
        if cell not in best or o.rank < best[cell].rank:
            best[cell] = o
    return best


def panel_rows(observations: Iterable[Observation], options: PanelOptions = PanelOptions()) -> list[PanelRow]:
    """One row per place, year, indicator and unit base, sorted by place, year and indicator: the target and
    the result that stand for it, either side empty when the reports give none."""
    best = best_observations(observations)
    cells = sorted({key[1:] for key in best}, key=lambda c: (c[0], c[1], c[2], c[3]))
    return [join(best.get(("target", *cell)), best.get(("actual", *cell)), options) for cell in cells]


def join(target: Observation | None, actual: Observation | None, options: PanelOptions = PanelOptions()
         ) -> PanelRow:
    """The row of one target and one result (either may be None, not both)."""
    first = target or actual
    if first is None:
        raise ValueError("a panel row needs a target or a result")
    actual_value = None
    if actual is not None and actual.value is not None:
        actual_value = _in_unit(actual.value, actual.unit, first.unit)
    gap = met = None
    point = _target_point(target)
    if point is not None and actual_value is not None:
        gap = round(actual_value - point, 9)
        met = target_met(target, actual_value, options)
    return PanelRow(
        place=first.place, year=first.year, indicator=first.indicator, indicator_text=first.indicator_text,
        unit=first.unit, measure=first.measure,
        target_comparator=target and target.comparator, target_value=target and target.value,
        target_value_low=target and target.value_low, target_value_high=target and target.value_high,
        target_doc_id=target and target.doc_id, target_sent_id=target and target.sent_id,
        actual_comparator=actual and actual.comparator, actual_value=actual_value,
        actual_doc_id=actual and actual.doc_id, actual_sent_id=actual and actual.sent_id, gap=gap, met=met)


def _in_unit(value: float, unit: str, to: str) -> float:
    (base, factor), (to_base, to_factor) = unit_base(unit), unit_base(to)
    if base != to_base or factor == to_factor:
        return value
    return round(value * factor / to_factor, 9)


def _target_point(target: Observation | None) -> float | None:
    return None if target is None else midpoint(target.value, target.value_low, target.value_high)


def midpoint(value: float | None, low: float | None, high: float | None) -> float | None:
    """The value a target is measured against: its value, else the middle of its range (else its one bound)."""
    if value is not None:
        return value
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


def target_met(target: Observation, actual: float, options: PanelOptions = PanelOptions()) -> bool | None:
    """Whether a result meets a target: at least it (``>=``), at most it (``<=``), inside the range, or, for
    ``~`` and a point stated without a qualifier, within the tolerance of :class:`PanelOptions`."""
    if target.comparator == ">=" and target.value is not None:
        return actual >= target.value
    if target.comparator == "<=" and target.value is not None:
        return actual <= target.value
    low = target.value_low if target.value_low is not None else target.value
    high = target.value_high if target.value_high is not None else target.value
    if target.comparator == "range" and low is not None and high is not None:
        return low <= actual <= high
    point = _target_point(target)
    if point is None:
        return None
    base, _ = unit_base(target.unit)
    tolerance = options.about_tolerance if base in ("%", "百分点") else abs(point) * options.about_relative
    return abs(actual - point) <= tolerance + 1e-9


# --- building the panel from scored reports ------------------------------------------------------------------


@dataclass
class PanelBuilder:
    """Takes scored reports one at a time and keeps only their keyed indicator mentions."""

    keys: IndicatorKeys
    options: PanelOptions = PanelOptions()
    observations: list[Observation] = field(default_factory=list, init=False)
    reports: int = field(default=0, init=False)
    without_place: int = field(default=0, init=False)

    def add(self, item: ScoredDocument) -> ReportInfo | None:
        """Add one report scored in this process; None (and nothing added) when it has no year."""
        document, results = item.document, item.results
        if document is None or results is None:
            raise ValueError("the panel needs reports scored in this process")
        info = report_info(document)
        if info is None:
            return None
        self.observations.extend(report_observations(info, document, results, self.keys, order=self.reports))
        self.reports += 1
        self.without_place += not info.place
        return info

    def rows(self) -> list[PanelRow]:
        return panel_rows(self.observations, self.options)


def build_panel(predictor: Predictor, inputs: Sequence[str], keys: IndicatorKeys,
                options: PanelOptions = PanelOptions(), *, max_bytes: int = MAX_REPORT_BYTES,
                exclude: Iterable[str] = (), progress: Progress | None = None
                ) -> Iterator[InputFailure | PanelBuilder]:
    """Score every report of ``inputs`` and gather the panel: yields each input that failed (a report without
    a year is one, never scored), and lastly the :class:`PanelBuilder` holding the reports' observations."""
    builder = PanelBuilder(keys, options)
    summary = ScoreSummary()
    for item in dated_documents(predictor, inputs, _year_of, summary=summary, progress=progress,
                                max_bytes=max_bytes, exclude=exclude):
        if isinstance(item, InputFailure):
            yield item
        else:
            builder.add(item)
    if progress is not None:
        progress.update(summary, final=True)
    yield builder


def _year_of(document: Document) -> int:
    year = report_year(document.meta)
    if year is None:
        raise ValueError("no year: neither a 'year' field nor a year in the title")
    return year


# --- writing the panel ---------------------------------------------------------------------------------------


def panel_format(output: str, fmt: str | None) -> str:
    """The format asked for, else the one named by the output's suffix (CSV by default)."""
    if fmt:
        return fmt
    suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
    return {"parquet": "parquet", "pq": "parquet", "jsonl": "jsonl", "json": "jsonl"}.get(suffix, "csv")


def write_panel(rows: Sequence[PanelRow], output: str, fmt: str, stdout: TextIO | None = None) -> None:
    """The rows in ``fmt`` to ``output`` (``-``: standard output, not for Parquet), the same columns in every
    format (:data:`PANEL_COLUMNS`); in CSV an empty cell is a missing value and ``met`` is ``true``/``false``."""
    if fmt == "parquet":
        _write_parquet(rows, output)
        return
    handle = (stdout or sys.stdout) if output == "-" else open(output, "w", encoding="utf-8", newline="")
    try:
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        else:
            writer = csv.writer(handle)
            writer.writerow(PANEL_COLUMNS)
            writer.writerows([_csv_cell(v) for v in row.to_dict().values()] for row in rows)
        handle.flush()
    finally:
        if output != "-":
            handle.close()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def parquet_schema():
    import pyarrow as pa

    types = {"year": pa.int64(), "target_sent_id": pa.int64(), "actual_sent_id": pa.int64(), "met": pa.bool_()}
    numbers = {"target_value", "target_value_low", "target_value_high", "actual_value", "gap"}
    return pa.schema([(c, types.get(c, pa.float64() if c in numbers else pa.string())) for c in PANEL_COLUMNS])


def _write_parquet(rows: Sequence[PanelRow], output: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    pq.write_table(pa.Table.from_pylist([r.to_dict() for r in rows], schema=schema), output)


# --- the job -------------------------------------------------------------------------------------------------


@dataclass
class PanelOutcome:
    """What a finished ``gwr panel`` did."""

    rows: list[PanelRow]
    reports: int
    failures: int
    without_place: int
    seconds: float
    model_uri: str

    def count(self, what: str) -> int:
        """Rows with both sides (``paired``), with a target only (``target``) or a result only (``actual``)."""
        if what == "paired":
            return sum(r.target_doc_id is not None and r.actual_doc_id is not None for r in self.rows)
        side = {"target": lambda r: r.target_doc_id is not None and r.actual_doc_id is None,
                "actual": lambda r: r.actual_doc_id is not None and r.target_doc_id is None}[what]
        return sum(map(side, self.rows))


def run_panel(inputs: Sequence[str], output: str, *, model: str | None = None, fmt: str | None = None,
              synonyms: Sequence[str] = (), options: PanelOptions = PanelOptions(), plot: str | None = None,
              max_bytes: int = MAX_REPORT_BYTES, errors: TextIO | None = None) -> PanelOutcome:
    """The whole ``gwr panel``: failed inputs are written to ``errors`` (default standard error) as the
    contract's error records. Raises :class:`PanelSetupError` before scoring anything when the names files or
    the output cannot be used, and :class:`~model.runtime.artifacts.ArtifactError` for a model that fails its
    checks; an output that cannot be written raises :class:`~serve.formats.OutputError`."""
    from .formats import OutputError
    from .score_job import _output_among_inputs

    started = time.perf_counter()
    errors = errors if errors is not None else sys.stderr
    fmt = panel_format(output, fmt)
    if fmt not in PANEL_FORMATS:
        raise PanelSetupError(f"unknown format {fmt!r} (one of {', '.join(PANEL_FORMATS)})")
    if fmt == "parquet" and output == "-":
        raise PanelSetupError("Parquet needs an output file (-o)")
    problem = _output_among_inputs(inputs, [output, plot]) or _unwritable(output) or (plot and _unwritable(plot))
    if problem:
        raise PanelSetupError(problem)
    keys = load_indicator_keys(synonyms)
    predictor = Predictor.load(model)
    progress = Progress(errors) if errors.isatty() else None
    failures = 0
    builder: PanelBuilder | None = None
    for item in build_panel(predictor, inputs, keys, options, max_bytes=max_bytes,
                            exclude=[p for p in (output, plot) if p and p != "-"], progress=progress):
        if isinstance(item, PanelBuilder):
            builder = item
        else:
            failures += 1
            clear = "\r\x1b[K" if progress is not None else ""
            errors.write(clear + json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            errors.flush()
    rows = builder.rows()
    for target, write in ((output, lambda: write_panel(rows, output, fmt)),
                          (plot, lambda: _write_plot(rows, plot))):
        if target is None:
            continue
        try:
            write()
        except OSError as exc:
            raise OutputError(target, exc) from None
    return PanelOutcome(rows, builder.reports, failures, builder.without_place, time.perf_counter() - started,
                        predictor.uri)


def _unwritable(output: str) -> str | None:
    """Why ``output`` cannot be written, found before any report is scored, or None."""
    import os

    if output == "-":
        return None
    folder = Path(output).parent
    if not folder.is_dir():
        return f"cannot write {output}: no folder {folder}"
    if Path(output).is_dir():
        return f"cannot write {output}: it is a folder"
    if not os.access(folder, os.W_OK) or (Path(output).exists() and not os.access(output, os.W_OK)):
        return f"cannot write {output}: permission denied"
    return None


def _write_plot(rows: Sequence[PanelRow], path: str) -> None:
    from .panel_plot import panel_page, panel_svg

    page = panel_page(rows) if path.lower().endswith((".html", ".htm")) else panel_svg(rows)
    Path(path).write_text(page, encoding="utf-8")
