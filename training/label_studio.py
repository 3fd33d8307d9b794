"""Label Studio tasks for report sentences, and annotations read back from a Label Studio export.

The labelling interface is ``training/resources/label-studio.xml``: a multiple choice ``themes``, a yes/no
``quant_target``, and ``mention`` spans labelled with their kind (target/actual), each span carrying
per-region fields ``indicator``, ``value``, ``unit``, ``comparator`` and ``measure``. A range is written in
``value`` as ``low-high`` (``1-2``, ``6-6.5``) with comparator ``range``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from model.records import COMPARATORS, KINDS, MEASURES, THEMES

from .annotations import check_mention, locate

CONFIG = Path(__file__).resolve().parent / "resources" / "label-studio.xml"
TO_NAME = "text"
REGION_TEXT_FIELDS = ("indicator", "value", "unit")
REGION_CHOICE_FIELDS = {"comparator": COMPARATORS, "measure": MEASURES}
_RANGE = re.compile(r"^\s*([0-9.]+)\s*(?:-|－|–|—|~|～|至|到)\s*([0-9.]+)\s*$")


def _choices(name: str, values: list[str], region: dict | None = None) -> dict:
    value = {**(region or {}), "choices": values}
    return {"from_name": name, "to_name": TO_NAME, "type": "choices", "value": value}


def prediction_result(themes: list[str], quant_target: bool, mentions: list[dict], text: str) -> list[dict]:
    """Label Studio ``result`` items for the model's labels: theme and quant_target choices, and one span
    per indicator mention (kind as its label) with its fields attached to the region."""
    result = [_choices("themes", [t for t in THEMES if t in themes]),
              _choices("quant_target", ["yes" if quant_target else "no"])]
    for i, m in enumerate(mentions):
        region = {"start": m["start"], "end": m["end"], "text": text[m["start"]:m["end"]]}
        rid = f"m{i}"
        value = (f"{_number(m['value_low'])}-{_number(m['value_high'])}" if m["comparator"] == "range"
                 else _number(m["value"]))
        result.append({"id": rid, "from_name": "mention", "to_name": TO_NAME, "type": "labels",
                       "value": {**region, "labels": [m["kind"]]}})
        for name, written in (("indicator", m["indicator"]), ("value", value), ("unit", m["unit"])):
            result.append({"id": rid, "from_name": name, "to_name": TO_NAME, "type": "textarea",
                           "value": {**region, "text": [written]}})
        for name in REGION_CHOICE_FIELDS:
            result.append({"id": rid, **_choices(name, [m[name]], region)})
    return result


def _number(value) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


@dataclass
class ExportedTask:
    """One task of a Label Studio export: where it sits in the file, its data and chosen annotation."""

    ref: str
    data: dict
    result: list[dict] | None
    annotator: str | None
    note: str | None = None


def read_export(path: Path) -> tuple[list[ExportedTask], list[str]]:
    """The tasks of a Label Studio JSON (a list) or JSONL (a task a line) export, and the lines that are
    not tasks (named by file and line). Of several annotations of a task the latest submitted one counts;
    cancelled (skipped) annotations never do."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path}: cannot read the export: {exc}"]
    problems: list[str] = []
    raw: list[tuple[str, object]] = []
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], [f"{path}: not JSON: {exc}"]
        raw = [(f"{path} item {i + 1}", item) for i, item in enumerate(items)]
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                raw.append((f"{path} line {number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                problems.append(f"{path} line {number}: not JSON: {exc.msg}")
    tasks = []
    for where, item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            problems.append(f"{where}: not a Label Studio task (no 'data' object)")
            continue
        ref = f"task {item['id']}" if "id" in item else where
        tasks.append(_exported(ref, item))
    return tasks, problems


def _exported(ref: str, item: dict) -> ExportedTask:
    annotations = [a for a in item.get("annotations") or [] if isinstance(a, dict)]
    done = [a for a in annotations if not a.get("was_cancelled") and isinstance(a.get("result"), list)]
    if not done:
        return ExportedTask(ref, item["data"], None, None)
    done.sort(key=lambda a: str(a.get("updated_at") or a.get("created_at") or ""))
    chosen = done[-1]
    note = f"{len(done)} annotations, the latest is used" if len(done) > 1 else None
    return ExportedTask(ref, item["data"], chosen["result"], _annotator(chosen.get("completed_by")), note)


def _annotator(completed_by) -> str | None:
    """A folder-safe annotator name from Label Studio's ``completed_by`` (a user id, or a user object)."""
    if isinstance(completed_by, dict):
        completed_by = completed_by.get("email") or completed_by.get("username") or completed_by.get("id")
    if completed_by is None:
        return None
    name = str(completed_by).split("@")[0]
    name = re.sub(r"[^0-9A-Za-z_-]+", "_", name).strip("_")
    return name if not name.isdigit() else f"ls{name}"


def annotation_from_result(text: str, result: list[dict]) -> tuple[dict, list[str]]:
    """The project's annotation line (five labels and mentions given by span and occurrence, see
    :mod:`training.annotations`) from a Label Studio result, and every reason it is not valid."""
    problems: list[str] = []
    themes: list[str] = []
    quant: list[str] = []
    regions: dict[str, dict] = {}
    for item in result:
        name, value = item.get("from_name"), item.get("value") or {}
        if name == "themes":
            themes += value.get("choices") or []
        elif name == "quant_target":
            quant += value.get("choices") or []
        elif name == "mention" or name in REGION_TEXT_FIELDS or name in REGION_CHOICE_FIELDS:
            region = regions.setdefault(str(item.get("id")), {})
            if name == "mention":
                region.update(start=value.get("start"), end=value.get("end"), labels=value.get("labels") or [])
            elif name in REGION_TEXT_FIELDS:
                region[name] = " ".join(str(v) for v in value.get("text") or []).strip()
            else:
                region[name] = (value.get("choices") or [None])[0]
    unknown = sorted(set(themes) - set(THEMES))
    if unknown:
        problems.append(f"unknown themes {unknown}")
    if len(set(quant)) != 1 or quant[0] not in ("yes", "no"):
        problems.append("quant_target must be answered yes or no")
    row = {t: int(t in themes) for t in THEMES}
    row["quant_target"] = int(quant[:1] == ["yes"])
    row["mentions"] = []
    for rid, region in regions.items():
        mention, found = _mention(text, region)
        problems.extend(f"span {_where(text, region)}: {p}" for p in found)
        if mention is not None:
            row["mentions"].append(mention)
    row["mentions"].sort(key=lambda m: locate(text, m["span"], m.get("occurrence", 1)) or (0, 0))
    return row, problems


def _where(text: str, region: dict) -> str:
    start, end = region.get("start"), region.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return f"{text[start:end]!r} at {start}"
    return f"at {start}-{end}"


def _mention(text: str, region: dict) -> tuple[dict | None, list[str]]:
    start, end = region.get("start"), region.get("end")
    if "start" not in region:
        return None, ["fields given without a marked span"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return None, ["the span is not inside the sentence"]
    labels = region.get("labels") or []
    problems = []
    if len(labels) != 1 or labels[0] not in KINDS:
        problems.append(f"the span must be labelled with one kind of {KINDS}")
    for name in (*REGION_TEXT_FIELDS, *REGION_CHOICE_FIELDS):
        if not region.get(name):
            problems.append(f"{name} is missing")
    if problems:
        return None, problems
    span = text[start:end]
    mention = {"indicator": region["indicator"], "span": span, "unit": region["unit"],
               "comparator": region["comparator"], "kind": labels[0], "measure": region["measure"],
               "value": None, "value_low": None, "value_high": None}
    occurrence = _occurrence(text, span, start)
    if occurrence > 1:
        mention["occurrence"] = occurrence
    written = region["value"]
    if mention["comparator"] == "range":
        bounds = _RANGE.match(written)
        if not bounds:
            return None, [f"a range value must read low-high, got {written!r}"]
        mention["value_low"], mention["value_high"] = float(bounds.group(1)), float(bounds.group(2))
    else:
        try:
            mention["value"] = float(written.replace(",", "").replace("，", ""))
        except ValueError:
            return None, [f"value must be a number, got {written!r}"]
    return mention, check_mention(text, mention)


def _occurrence(text: str, span: str, start: int) -> int:
    """Which appearance of ``span`` (1-based, as :func:`training.annotations.locate` counts) starts at
    ``start``."""
    k = 1
    while (found := locate(text, span, k)) is not None:
        if found[0] == start:
            return k
        k += 1
    return k
