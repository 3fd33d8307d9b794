"""Compare the indicator extractor with the number tools one would otherwise reach for, on the test split's
gold mentions: jionlp's money extraction and cn2an's numeral conversion (plus the project's keyword
baseline). Prints the Markdown tables of docs/extractor.md.

jionlp and cn2an are not dependencies of the project. Run it from a separate environment:

    python3 -m venv /tmp/peers-venv
    /tmp/peers-venv/bin/pip install jionlp cn2an scikit-learn numpy scipy jieba
    /tmp/peers-venv/bin/python benchmarks/extractor_peers.py

A tool that is not installed is reported as missing and left out of the tables.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.classifiers.baseline import _NUMBER_UNIT, KeywordBaseline  # noqa: E402
from model.indicators.extractor import IndicatorExtractor  # noqa: E402
from model.indicators.numbers import APPROX, parse_quantity  # noqa: E402
from model.records import Mention  # noqa: E402
from training.dataset import load_labelled  # noqa: E402
from training.extraction_metrics import count_matches, exact_key, overlap_pairs, prf  # noqa: E402

MAGNITUDES = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_LEADING_NUMBER = re.compile(r"(\d+(?:\.\d+)?)([万亿萬億]*)")


def normalized(value: float, unit: str) -> tuple[float, str]:
    """The full value and the unit without magnitude words (1.3, 万亿元 → 1.3e12, 元)."""
    factor = 1.0
    while unit[:1] in MAGNITUDES:
        factor *= MAGNITUDES[unit[0]]
        unit = unit[1:]
    return value * factor, unit


def _sig(x: float) -> str:
    return f"{x:.6g}"


def full_key(m: Mention) -> tuple:
    """What any tool can be asked for: the full value (or range) and the base unit."""
    if m.value is None:
        low, unit = normalized(m.value_low or 0.0, m.unit)
        high, _ = normalized(m.value_high or 0.0, m.unit)
        return ("range", _sig(low), _sig(high), unit)
    value, unit = normalized(m.value, m.unit)
    return ("value", _sig(value), unit)


def is_money(m: Mention) -> bool:
    return m.unit.endswith("元")


def simple_mention(value: float, unit: str, start: int = 0, end: int = 0) -> Mention:
    return Mention(indicator="", value=value, unit=unit, comparator="=", kind="actual", measure="level",
                   start=start, end=end)


def scores(gold: Sequence[Sequence[Mention]], predicted: Sequence[Sequence[Mention]], spans: bool = True,
           kinds: bool = False) -> dict[str, dict[str, float] | None]:
    n_gold, n_pred = sum(map(len, gold)), sum(map(len, predicted))
    value_tp = sum(count_matches(g, p, full_key) for g, p in zip(gold, predicted))
    out: dict[str, dict[str, float] | None] = {"value": prf(value_tp, n_pred, n_gold), "span": None, "exact": None}
    if spans:
        out["span"] = prf(sum(len(overlap_pairs(g, p)) for g, p in zip(gold, predicted)), n_pred, n_gold)
    if kinds:
        out["exact"] = prf(sum(count_matches(g, p, exact_key) for g, p in zip(gold, predicted)), n_pred, n_gold)
    out["counts"] = {"gold": n_gold, "predicted": n_pred}
    return out


# --- the tools ------------------------------------------------------------------------------------------

def load_peers() -> dict[str, object]:
    found = {}
    with contextlib.redirect_stdout(io.StringIO()):       # jionlp prints a banner on import
        try:
            import jionlp

            found["jionlp"] = jionlp
        except ImportError:
            pass
    try:
        import cn2an

        found["cn2an"] = cn2an
    except ImportError:
        pass
    return found


def jionlp_money(jio, text: str) -> list[Mention]:
    """jionlp's money extraction with parsing: offsets and the value in yuan."""
    extract = getattr(jio, "extract_money", None) or jio.ner.extract_money
    out = []
    for item in extract(text, with_parsing=True):
        detail = item.get("detail") or {}
        num, case = detail.get("num"), detail.get("case") or "元"
        start, end = item["offset"]
        if isinstance(num, list):
            out.append(Mention(indicator="", value=None, unit=case, comparator="range", kind="actual",
                               measure="level", start=start, end=end, value_low=float(num[0]),
                               value_high=float(num[1])))
        elif num is not None:
            out.append(simple_mention(float(num), case, start, end))
    return out


def cn2an_then_regex(cn2an, text: str) -> list[Mention]:
    """cn2an.transform turns Chinese numerals into digits; the baseline's number+unit regex then reads them.
    The text changes length, so there are no offsets into the sentence."""
    try:
        converted = cn2an.transform(text, "cn2an")
    except Exception:                                      # noqa: BLE001 - the tool's own failures count as misses
        converted = text
    return [simple_mention(float(m.group(1)), m.group(2)) for m in _NUMBER_UNIT.finditer(converted)]


def read_span_ours(span: str) -> float | None:
    q = parse_quantity(span)
    return None if q.value is None else normalized(q.value, q.unit)[0]


def read_span_cn2an(cn2an, span: str) -> float | None:
    converted = cn2an.transform(span.replace("多", "").replace("余", "").replace("餘", ""), "cn2an")
    m = _LEADING_NUMBER.search(converted)
    if m is None:
        return None
    value = float(m.group(1))
    for ch in m.group(2):
        value *= MAGNITUDES[ch]
    return value


def read_span_jionlp(jio, span: str) -> float | None:
    with contextlib.redirect_stdout(io.StringIO()):
        parsed = jio.parse_money(span)
    num = parsed.get("num")
    return None if num is None or isinstance(num, list) else float(num)


def reading_accuracy(gold_spans: list[tuple[str, Mention]], read: Callable[[str], float | None]) -> tuple[int, int]:
    right = 0
    for span, m in gold_spans:
        try:
            got = read(span)
        except Exception:                                  # noqa: BLE001
            got = None
        want = normalized(m.value, m.unit)[0]
        right += got is not None and abs(got - want) <= 1e-6 * max(1.0, abs(want))
    return right, len(gold_spans)


# --- the report -----------------------------------------------------------------------------------------

def fmt(block: dict[str, float] | None) -> str:
    if block is None:
        return "n/a | n/a | n/a"
    return f"{block['precision']:.3f} | {block['recall']:.3f} | {block['f1']:.3f}"


def main() -> int:
    warnings.filterwarnings("ignore", module="cn2an")     # it warns on every 十四五 it cannot read
    peers = load_peers()
    for name in ("jionlp", "cn2an"):
        if name not in peers:
            print(f"# {name} is not installed: `pip install {name}` in a separate venv to include it",
                  file=sys.stderr)
    train, test = load_labelled(split="train"), load_labelled(split="test")
    texts, sections = [r.text for r in test], [r.section for r in test]
    gold = [r.mentions for r in test]

    predictions: dict[str, list[list[Mention]]] = {}
    timings: dict[str, float] = {}
    extractor = IndicatorExtractor().fit([r.text for r in train], [r.section for r in train],
                                         [r.mentions for r in train])
    t = time.perf_counter()
    predictions["gwr-tagger IndicatorExtractor"] = extractor.extract_many(texts, sections)
    timings["gwr-tagger IndicatorExtractor"] = time.perf_counter() - t
    baseline = KeywordBaseline().fit()
    t = time.perf_counter()
    predictions["keyword baseline (model/baseline.py)"] = [baseline.extract(x, s) for x, s in zip(texts, sections)]
    timings["keyword baseline (model/baseline.py)"] = time.perf_counter() - t
    if "cn2an" in peers:
        t = time.perf_counter()
        predictions["cn2an.transform + number-unit regex"] = [cn2an_then_regex(peers["cn2an"], x) for x in texts]
        timings["cn2an.transform + number-unit regex"] = time.perf_counter() - t
    if "jionlp" in peers:
        t = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            predictions["jionlp.extract_money"] = [jionlp_money(peers["jionlp"], x) for x in texts]
        timings["jionlp.extract_money"] = time.perf_counter() - t

    n_gold = sum(map(len, gold))
    print(f"Test split: {len(test)} sentences, {n_gold} gold mentions "
          f"({sum(is_money(m) for g in gold for m in g)} in 元).\n")
    print("### All indicator mentions\n")
    print("| tool | value+unit P | R | F1 | span P | R | F1 | exact (with kind) P | R | F1 | seconds |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, pred in predictions.items():
        if name == "jionlp.extract_money":
            continue
        s = scores(gold, pred, spans="cn2an" not in name, kinds="cn2an" not in name)
        print(f"| {name} | {fmt(s['value'])} | {fmt(s['span'])} | {fmt(s['exact'])} | {timings[name]:.2f} |")

    print("\n### Money mentions (unit in 元)\n")
    print("| tool | value P | R | F1 | span P | R | F1 |")
    print("|---|---|---|---|---|---|---|")
    gold_money = [[m for m in g if is_money(m)] for g in gold]
    for name, pred in predictions.items():
        money = [[m for m in p if is_money(m)] for p in pred]
        s = scores(gold_money, money, spans="cn2an" not in name)
        print(f"| {name} | {fmt(s['value'])} | {fmt(s['span'])} |")

    print("\n### Reading the number of a gold span (full value)\n")
    spans = [(r.text[m.start:m.end], m) for r in test for m in r.mentions if m.value is not None]
    chinese = [(s, m) for s, m in spans if not re.search(r"\d", s)]
    money = [(s, m) for s, m in spans if is_money(m)]
    print("| reader | all single values | written in Chinese numerals | in 元 |")
    print("|---|---|---|---|")
    readers: dict[str, Callable[[str], float | None]] = {"gwr-tagger model.indicators.numbers.parse_quantity": read_span_ours}
    if "cn2an" in peers:
        readers["cn2an.transform"] = lambda s: read_span_cn2an(peers["cn2an"], s)
    if "jionlp" in peers:
        readers["jionlp.parse_money"] = lambda s: read_span_jionlp(peers["jionlp"], s)
    for name, read in readers.items():
        cells = []
        for part in (spans, chinese, money):
            if name == "jionlp.parse_money" and part is not money:
                cells.append("n/a (money only)")
                continue
            right, total = reading_accuracy(part, read)
            cells.append(f"{right}/{total} = {right / total:.3f}" if total else "–")
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
