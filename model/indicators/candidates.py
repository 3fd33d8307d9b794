"""Measured numbers in report sentences: the candidate pattern (one regular-expression pass), each
candidate's unit, comparator, measure and indicator name, and the context features the indicator
extractor's classifiers read (see docs/labelling.md and docs/extractor.md). Plain Python, so that scoring
needs no scikit-learn."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..records import Mention
from ..text.normalize import fold_width, without_number_spaces
from ..text.script import as_written, to_simplified
from .numbers import APPROX, ARABIC, CN_NUMERAL_CHARS, parse_quantity

# --- the candidate pattern ------------------------------------------------------------------------------

_CN_DIGIT = "零〇○一二两兩三四五六七八九"
_MAG = "(?:万亿|萬億|万万|亿|万|億|萬)"
_APPROX = f"[{APPROX}]"
_CN = f"[{_CN_DIGIT}十][{CN_NUMERAL_CHARS}]*(?:{_APPROX}[万亿萬億]+)?"
_ARABIC = f"(?:{ARABIC})"
_AR = f"{_ARABIC}(?:{_APPROX}?{_MAG})?"
COUNT_UNITS = ("家", "个工作日", "个", "项", "名", "人次", "人", "件", "户", "条", "所", "座", "台", "套", "辆",
               "艘", "架", "部", "支", "处", "次", "批", "种", "类", "场次", "场", "期", "轮", "位", "张", "株", "棒",
               "头只", "头", "只", "床", "间", "栋", "幢", "宗", "笔", "根", "颗", "棵", "例", "册", "篇", "份",
               "剂次", "群", "峰")
LEVEL_UNITS = ("平方公里", "平方千米", "平方米", "平方", "立方米", "方/小时", "方", "公里", "千米", "米", "公顷",
               "亩", "吨公里", "吨", "公斤", "千克", "斤", "担", "标箱", "马力", "千瓦时", "千瓦小时", "千瓦", "兆瓦",
               "美元", "欧元", "港元", "元", "岁", "小时", "尺", "立方公尺", "公尺", "匹", "门")
GROWTH_UNITS = ("个百分点", "个千分点", "百分点", "倍", "番")
SHARE_UNITS = ("%", "‰", ":1")
_BASE_UNITS = sorted({*COUNT_UNITS, *LEVEL_UNITS, *GROWTH_UNITS, *SHARE_UNITS}, key=len, reverse=True)
_UNIT = "(?:" + "|".join(re.escape(u) for u in _BASE_UNITS) + ")"
# A number (Arabic or Chinese, 多/余 and magnitude words inside) and its unit; a bare magnitude is a unit.
_QTY = f"(?:{_AR}|{_CN})(?:{_APPROX}?{_UNIT}|(?<=[万亿萬億]))"
_PCT = f"(?:百分之|千分之)(?:{_CN}|{_ARABIC})"
_FRACTION = f"[{_CN_DIGIT}十百]+分之[{_CN_DIGIT}十百点]+"
CANDIDATE = re.compile(
    f"(?P<range>{_ARABIC}(?:%|{_MAG})?[-－—–~～至]{_QTY}|{_CN}{_UNIT}?[到至]{_QTY}|{_PCT}[到至](?:{_CN}|{_ARABIC}))"
    f"|(?P<pct>{_PCT})|(?P<frac>{_FRACTION})|(?P<half>一半)|(?P<qty>{_QTY})"
    f"|(?P<round>(?<=[上近过破超达逾])[百千万][百千万亿]*(?:{_UNIT}|(?<=[万亿])))"
)
# Every alternative of CANDIDATE starts with one of these characters: searching for them first and trying
# CANDIDATE only there finds the same matches as CANDIDATE.finditer, several times faster.
_CANDIDATE_START = re.compile(f"[\\d{_CN_DIGIT}十百千万]")
_NUMERAL_BEFORE = re.compile(f"[\\d{_CN_DIGIT}十百千万亿萬億.．]$")

# --- context words ---------------------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile("[，,；;。：:！!？?]")
_ORDINAL_BEFORE = re.compile("(?:第|前|排名|居|列|位居|位列)$")
_LIST_BEFORE = re.compile("(?:以下|如下|下列|这|上述|以上|抓好|做好|突出|坚持|实施|推进|落实|围绕|聚焦|把握|处理好|这些)$")
_LIST_AFTER = re.compile("^(?:方面|方向|重点|领域|环节|阶段|问题|关系|原则|任务|坚持|必须|要求|目标|举措|工程|行动|战略|"
                         "中心|基本点|代表|全面|自信|意识|维护|确保|文明|服务|月|季度|年度|小时内|会)")
_DURATION_AFTER = re.compile("^(?:月|季度)")
_COMPARATOR_AFTER = (("左右", "~"), ("上下", "~"), ("以上", ">="), ("以内", "<="), ("以下", "<="))
_COMPARATOR_BEFORE = re.compile(
    "(?P<le>控制在|不超过|不高于|不到|不足|少于)|(?P<ge>超过|突破|不低于|不少于|逾|多于|至少|超|冲过|跨越|跨过|迈上)"
    "|(?P<approx>(?<![签节制预合契])约|近|接近|将近|大约|大概|近乎|稳定在)|(?P<eq>达到|达|完成|为|是|实现)")
_GROWTH_BEFORE = re.compile("(?:增长|增产|减产|增收|减收|上涨|下跌|增加|下降|降低|提高|减少|上升|回落|递增|递减|"
                            "增速|增幅|降幅|比增|比降|提升|扩大|缩小|下滑|增|降|减|翻|负增长)"
                            "(?:了|为|达|达到|超过|约|近|接近|分别|都|均|各)?$")
_GROWTH_TO = re.compile("(?:增长|增加|下降|降低|提高|减少|上升|回落|提升|扩大|缩小)(?:到|至)$")
_SHARE_WORDS = re.compile("比重|占|率|比例|份额|指数|水平")
_GROWTH_IN_CLAUSE = re.compile("增长|增速|增幅|涨幅|上涨|递增|降幅")
_NUMBER_CHARS = f"0123456789.,，{CN_NUMERAL_CHARS}{APPROX}"
_LIST_JOIN = re.compile("^[、和及与或,，]?$")
_NAME_VERBS = re.compile(
    "(?:分别|累计|共计|共|合计|总计|全年|同比|比上年|较上年|比去年|年均|平均|每年|增长|增加|下降|降低|提高|减少|上升|提升|"
    "达到|达|超过|突破|完成|实现|为|是|约|近|接近|控制在|不低于|不少于|不超过|力争|确保|争取|计划|预计|预定|由|从|到|至|的|了|在|"
    "以上|左右|将|要|已|已经|新增了|各|都|均|比|较|高于|低于|逾|超|有|首次|首破|迈上|跨上|以|按|可比价格计算|按可比口径|"
    "可比价|可比口径|实际|名义|增速|增幅|总量|转为|拟定|再|却|也|仍然|仍|依然|还|分别为)$")
# Where a figure is said to move from one period to another (能耗由前三年…, 由上年的…), the name stops before 由.
_FROM_PERIOD = re.compile(f"由(?:前|上|去|今|本|近|[\\d{_CN_DIGIT}十]).*$")
_COUNT_VERB = re.compile("^(?:再|新|共|累计|全年)?(?:引进|培育|建设|新建|建成|创建|申报|认定|打造|招引|实施|完成|推进|"
                         "开工|竣工|落地|签约|新增|组建|举办|开展|培训|吸引|实现|服务|扶持|建立|设立|增加|培养|"
                         "招商|储备|发展|改造|整治|新培育)$")
_NAME_LEAD = re.compile("^(?:[一二三四五六七八九十两\\d]+年(?:内|来|间)?|全年|今年|明年|去年|年内|当年|同时|其中|力争|"
                        "确保|争取|计划|预计|预期|努力|实现|完成|要|将|到20\\d\\d年|20\\d\\d年|"
                        "一九[〇零一二三四五六七八九]{2}年|到|使|让|并|和|与|及|全市|全区|全县|全省|全国|把|共|拟安排|拟|而|"
                        "分别是|可以|通过|.{0,8}?提出(?:今年|明年)?)+")
CONTEXT_CUES = ("力争", "确保", "争取", "计划", "预计", "预期", "目标", "将", "要", "拟", "努力", "力求", "年内", "全年", "今年",
        "明年", "到20", "已", "已经", "实现", "完成", "达到", "累计", "同比", "比上年", "较上年", "比去年", "上年",
        "去年", "增长", "新增", "突破", "超过", "以上", "左右", "控制在", "了", "共", "五年来", "过去", "年均", "末",
        "建成", "确定", "安排", "预算", "草案", "实际", "截至", "其中", "分别", "比", "同期", "以来", "一年来",
        "期间", "提高到", "增加到", "达", "争", "基本", "初步", "继续", "进一步", "不低于", "以内", "约")
_QUOTES = (("“", "”"), ("「", "」"), ("《", "》"), ("‘", "’"))


@dataclass(frozen=True)
class Candidate:
    """A measured number found in a sentence, before it is kept and given a kind."""

    indicator: str
    value: float | None
    unit: str
    comparator: str
    measure: str
    start: int
    end: int
    value_low: float | None = None
    value_high: float | None = None
    form: str = "arabic"
    written: tuple[str, str] | None = None  # (indicator, unit) as written, where the text is in traditional script

    def to_mention(self, kind: str) -> Mention:
        indicator, unit = self.written or (self.indicator, self.unit)
        return Mention(indicator=indicator, value=self.value, unit=unit, comparator=self.comparator,
                       kind=kind, measure=self.measure, start=self.start, end=self.end,
                       value_low=self.value_low, value_high=self.value_high)


def find_candidates(text: str) -> list[Candidate]:
    """Every measured number of ``text`` with its unit, comparator, measure and indicator name, leaving out
    dates, ordinals, names (3个1000万, 五险一金, 5G), numbers in quotes and list counts. Traditional script is
    read as simplified (億元, 增長), full-width digits and ％ as ASCII (a sentence given bare is not normalised on
    reading), a number with spaces inside (8 ．8 %) as one; the mention keeps the name and unit as written, and
    its offsets are those of ``text``."""
    simplified = to_simplified(text)
    read, at = _as_read(simplified)
    found = _candidates(read)
    if simplified != text:
        written, _ = _as_read(text)  # the same characters dropped: only the script differs
        found = [replace(c, written=(as_written(c.indicator, read, written, c.start), _unit_as_written(c, written)))
                 for c in found]
    if at is not None:
        found = [replace(c, start=at[c.start], end=at[c.end - 1] + 1) for c in found]
    return found


def _as_read(text: str) -> tuple[str, list[int] | None]:
    """``text`` as the pattern reads it: full width folded and the spaces inside numbers dropped (a full-width
    point then between digits, 8 ．8, folded too), with the offset in ``text`` of each character kept."""
    squeezed, at = without_number_spaces(fold_width(text))
    return (fold_width(squeezed) if at is not None else squeezed), at


def _unit_as_written(c: Candidate, text: str) -> str:
    """The unit as the original span writes it (萬噸, 個百分點; a magnitude inside a numeral, 二萬五千公里 → 萬公里)."""
    if c.form == "half":
        return c.unit
    try:
        return parse_quantity(text[c.start:c.end]).unit or c.unit
    except (ValueError, ArithmeticError):
        return c.unit


def _candidates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for match in candidate_matches(text):
        start, end = match.span()
        span = match.group(0)
        if _excluded(text, start, end, span):
            continue
        try:
            qty = parse_quantity(span) if match.lastgroup != "half" else None
        except (ValueError, ArithmeticError):
            continue
        if match.lastgroup == "half":
            value, unit, low, high = 0.5, "一半", None, None
        else:
            value, unit, low, high = qty.value, qty.unit, qty.value_low, qty.value_high
            if not unit:
                continue
        form = match.lastgroup
        if form in ("qty", "round"):
            form = "arabic" if span[0].isdigit() else "chinese"
        comparator = "range" if value is None else _comparator(text, start, end, span)
        measure = _measure(text, start, unit, form)
        if found and _LIST_JOIN.match(text[found[-1].end:start]) and found[-1].unit == unit:
            measure = found[-1].measure                 # 分别增长9%和10.6%
        found.append(Candidate(indicator="", value=value, unit=unit, comparator=comparator, measure=measure,
                               start=start, end=end, value_low=low, value_high=high, form=form))
    return _with_names(text, found)


def candidate_matches(text: str):
    """The matches of CANDIDATE.finditer(text), found by trying CANDIDATE only where a number can start."""
    search, match, pos = _CANDIDATE_START.search, CANDIDATE.match, 0
    while (start := search(text, pos)) is not None:
        found = match(text, start.start())
        if found is None:
            pos = start.start() + 1
        else:
            yield found
            pos = found.end()


def _excluded(text: str, start: int, end: int, span: str) -> bool:
    before, after = text[max(0, start - 4):start], text[end:end + 4]
    if _NUMERAL_BEFORE.search(before) or _ORDINAL_BEFORE.search(before):
        return True                                     # 第16位, 第四届; a number glued to another number
    if span.endswith("个") and re.match(r"\d+万", after):
        return True                                     # 3个1000万 (a policy name)
    if _DURATION_AFTER.match(after) and span.endswith("个"):
        return True                                     # 5个月
    chinese_small = not re.search(r"\d", span) and len(span) <= 3 and re.search("[个项条大种类次批]$", span)
    if chinese_small and (_LIST_BEFORE.search(before) or _LIST_AFTER.match(after)):
        return True                                     # 以下六个方面, 两个维护
    head = text[:start]
    return any(head.count(a) > head.count(b) for a, b in _QUOTES)


def _comparator(text: str, start: int, end: int, span: str) -> str:
    after = text[end:end + 2]
    for word, comparator in _COMPARATOR_AFTER:
        if after.startswith(word):
            return comparator
    if any(ch in span for ch in APPROX):
        return ">="
    before = text[max(0, start - 6):start]
    found = None
    for match in _COMPARATOR_BEFORE.finditer(before):
        if match.end() >= len(before) - 2:
            found = match
    if found is None:
        if span[0] in "百千万":                         # 上千种, 近千公里
            return ">=" if before.endswith("上") else "~" if before.endswith("近") else "="
        return "="
    return {"le": "<=", "ge": ">=", "approx": "~", "eq": "="}[found.lastgroup]


def _measure(text: str, start: int, unit: str, form: str) -> str:
    clause = _clause_before(text, start)
    base = unit.lstrip("万亿萬億")
    if base in GROWTH_UNITS or unit in GROWTH_UNITS:
        return "growth"
    if base in SHARE_UNITS or form in ("frac", "half", "pct"):
        if form in ("frac", "half") or _GROWTH_TO.search(clause):
            return "share"
        if _GROWTH_BEFORE.search(clause):
            return "growth"
        growth = None
        for growth in _GROWTH_IN_CLAUSE.finditer(clause):
            pass
        return "growth" if growth and not _SHARE_WORDS.search(clause[growth.end():]) else "share"
    if _GROWTH_BEFORE.search(clause) and re.search("比|较", clause) and not _GROWTH_TO.search(clause):
        return "growth"
    if base in COUNT_UNITS or base.startswith("人") or base.endswith("人"):
        return "count"
    if not base and (text[start:].lstrip(_NUMBER_CHARS)[:1] == "人" or "人口" in clause):
        return "count"                                  # 全国人口有六万万, 12亿人
    return "level"


def _clause_before(text: str, start: int) -> str:
    head = text[:start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
    return head[cut:]


def _with_names(text: str, found: list[Candidate]) -> list[Candidate]:
    """The indicator name of each candidate: the words before it in its clause, without verbs and cue words;
    the words after a count (引进1-2名全职院士 → 全职院士); or the previous indicator (…1956亿元,增长8.4%)."""
    out: list[Candidate] = []
    previous_end, previous_name = 0, ""
    for c in found:
        head = text[:c.start]
        cut = max([m.end() for m in _CLAUSE_BREAK.finditer(head)] + [previous_end])
        name = _strip_name(head[cut:])
        tail = re.sub("^(?:以上|左右|以内|以下|的|多)+", "", _CLAUSE_BREAK.split(text[c.end:], maxsplit=1)[0])[:16]
        if c.measure == "count" and tail and (not name or _COUNT_VERB.match(name)):
            name = tail                                 # 引进1-2名全职院士 → 全职院士
        elif c.measure == "count" and tail.startswith("就业") and name.endswith(("安置", "安排")):
            name += "就业"                               # 在城镇安置了903万人就业 → 在城镇安置就业
        if not name:
            name = previous_name or tail or "数值"
        out.append(Candidate(name[-24:], c.value, c.unit, c.comparator, c.measure, c.start, c.end,
                             c.value_low, c.value_high, c.form))
        previous_end, previous_name = c.end, name
    return out


def _strip_name(words: str) -> str:
    words = re.sub("[“”（）()、\\s《》]", "", words)
    words = _FROM_PERIOD.sub("", words) or words
    for _ in range(6):
        shorter = _NAME_VERBS.sub("", words)
        shorter = _NAME_LEAD.sub("", shorter)
        if shorter == words:
            break
        if shorter == "经济" and "增" in words:
            return "经济增长"                          # 经济增长8.8%: economic growth is the indicator
        words = shorter
    return words


# --- features ------------------------------------------------------------------------------------------

def candidate_features(text: str, c: Candidate, section: str | None, index: int, count: int) -> dict[str, float]:
    """What the classifiers see of one candidate: its form, unit and comparator, the section, cue words
    before and after it (in its clause and in the sentence), the characters around it, where it stands. Traditional
    script is read as simplified, as :func:`find_candidates` reads it."""
    text = fold_width(to_simplified(text))
    f: dict[str, float] = {"bias": 1.0, f"section={section or 'none'}": 1.0, f"measure={c.measure}": 1.0,
                           f"comparator={c.comparator}": 1.0, f"form={c.form}": 1.0,
                           f"base={c.unit.lstrip('万亿萬億')}": 1.0, f"unit={c.unit}": 1.0}
    value = c.value if c.value is not None else c.value_high or 0.0
    f[f"log10={int(math.floor(math.log10(value))) if value > 0 else -9}"] = 1.0
    f["integer"] = float(value == int(value))
    f["value_is_one"] = float(value == 1)
    clause_start = len(text[:c.start]) - len(_clause_before(text, c.start))
    clause_end = c.end + len(_CLAUSE_BREAK.split(text[c.end:], maxsplit=1)[0])
    sentence_before, sentence_after = text[:c.start], text[c.end:]
    clause_before, clause_after = text[clause_start:c.start], text[c.end:clause_end]
    for cue in [cue for cue in CONTEXT_CUES if cue in text]:  # a cue not in the sentence is in none of its parts
        if cue in clause_before:
            f[f"cb:{cue}"] = 1.0
        elif cue in sentence_before:
            f[f"sb:{cue}"] = 1.0
        if cue in clause_after:
            f[f"ca:{cue}"] = 1.0
        elif cue in sentence_after:
            f[f"sa:{cue}"] = 1.0
    left, right = text[max(0, c.start - 8):c.start], text[c.end:c.end + 6]
    for k in (1, 2, 3):
        f[f"L{k}={left[-k:]}"] = 1.0
        f[f"R{k}={right[:k]}"] = 1.0
    for i in range(len(left) - 1):
        f[f"lb:{left[i:i + 2]}"] = 1.0
    for i in range(len(right) - 1):
        f[f"rb:{right[i:i + 2]}"] = 1.0
    f["position"] = c.start / max(1, len(text))
    f["first_in_clause"] = float(not re.search(r"\d", clause_before))
    f[f"index={min(index, 4)}"] = 1.0
    f[f"count={min(count, 6)}"] = 1.0
    f["sentence_len"] = min(len(text), 200) / 200
    f["years_before"] = float(bool(re.search(r"(?:19|20)\d\d年", sentence_before)))
    f["to_year"] = float(bool(re.search(r"(?:到|至|在)(?:19|20)\d\d年", sentence_before)))
    return f
