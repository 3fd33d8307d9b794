"""The array form of a compiled model: every part is numbers and strings, written to one ``.npz`` (read with
``allow_pickle=False``) and one JSON spec that says how the arrays make up each part.

A part is a class registered here with :func:`part` under a kind name; its state is its dataclass fields (or
what its ``to_state`` returns, read back by ``from_state``). The spec is a tree of nodes: ``{"array": key}``,
``{"value": json}``, ``{"list": […]}``, ``{"tuple": […]}``, ``{"dict": {…}}`` and ``{"part": kind, "module":
name, "fields": {…}}``. Writing and reading both walk that tree, so a part's layout is declared once, by its
class. Reading builds only registered kinds; the module a part's kind is registered in is imported first,
and only when it belongs to this package, so a model file cannot name other code to run.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path

import numpy as np

ARRAYS_FILE = "inference.npz"
SPEC_FILE = "inference.json"
FORMAT = 2

PARTS: dict[str, type] = {}
_PACKAGE = __name__.split(".")[0]


class ArrayFormError(ValueError):
    """A value with no array form, or a spec that does not describe a model this version can build."""


def part(kind: str):
    """Register a class as a part of the array form under ``kind`` (a class decorator)."""
    def register(cls: type) -> type:
        if PARTS.setdefault(kind, cls) is not cls:
            raise ValueError(f"part kind {kind!r} is registered twice")
        cls.part_kind = kind
        return cls
    return register


def _state(value) -> dict:
    if hasattr(value, "to_state"):
        return value.to_state()
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.init}


def encode(value, key: str, arrays: dict[str, np.ndarray]) -> dict:
    """The spec node of ``value``; its arrays are added to ``arrays`` under keys that start with ``key``."""
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise ArrayFormError(f"{key}: an object array has no array form")
        if key in arrays:
            raise ArrayFormError(f"{key}: two arrays under one key")
        arrays[key] = value
        return {"array": key}
    kind = getattr(type(value), "part_kind", None)
    if kind is not None:
        return {"part": kind, "module": type(value).__module__,
                "fields": {name: encode(v, f"{key}.{name}", arrays) for name, v in _state(value).items()}}
    if isinstance(value, (list, tuple)):
        return {type(value).__name__ if type(value) in (list, tuple) else "list":
                [encode(v, f"{key}.{i}", arrays) for i, v in enumerate(value)]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise ArrayFormError(f"{key}: dictionary keys must be strings")
        return {"dict": {k: encode(v, f"{key}.{k}", arrays) for k, v in value.items()}}
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"value": value}
    raise ArrayFormError(f"{key}: a {type(value).__name__} has no array form")


def decode(node: dict, arrays: dict[str, np.ndarray]):
    """The value a spec node describes (inverse of :func:`encode`)."""
    if not isinstance(node, dict):
        raise ArrayFormError(f"not a spec node: {node!r:.80}")
    if "part" in node:
        cls = _part_class(node["part"], node.get("module"))
        state = {name: decode(child, arrays) for name, child in node.get("fields", {}).items()}
        return cls.from_state(state) if hasattr(cls, "from_state") else cls(**state)
    if len(node) != 1:
        raise ArrayFormError(f"not a spec node: {node!r:.80}")
    (tag, body), = node.items()
    if tag == "array":
        if body not in arrays:
            raise ArrayFormError(f"the spec names array {body!r}, which the file does not hold")
        return arrays[body]
    if tag == "value":
        return body
    if tag in ("list", "tuple"):
        items = [decode(child, arrays) for child in body]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        return {k: decode(child, arrays) for k, child in body.items()}
    raise ArrayFormError(f"unknown spec node {tag!r}")


def _part_class(kind: str, module: str | None) -> type:
    if kind not in PARTS and isinstance(module, str) and module.split(".")[0] == _PACKAGE:
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    cls = PARTS.get(kind)
    if cls is None:
        raise ArrayFormError(f"unknown part kind {kind!r}")
    return cls


def write(model, directory: str | Path) -> list[str]:
    """Write ``model`` (a part) as ``inference.npz`` and ``inference.json``; the file names written."""
    arrays: dict[str, np.ndarray] = {}
    spec = {"format": FORMAT, "model": encode(model, "model", arrays)}
    directory = Path(directory)
    np.savez(directory / ARRAYS_FILE, **arrays)
    (directory / SPEC_FILE).write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    return [ARRAYS_FILE, SPEC_FILE]


def read_files(directory: str | Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The spec and the arrays of a model folder, as stored (no part is built)."""
    directory = Path(directory)
    spec = json.loads((directory / SPEC_FILE).read_text(encoding="utf-8"))
    if not isinstance(spec, dict):
        raise ArrayFormError(f"{directory / SPEC_FILE}: not a spec")
    with np.load(directory / ARRAYS_FILE, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    return spec, arrays


def read(directory: str | Path):
    """The model a folder's array files describe (verify the folder's manifest first: see model.runtime.artifacts)."""
    spec, arrays = read_files(directory)
    if spec.get("format") != FORMAT:
        raise ArrayFormError(f"{Path(directory) / SPEC_FILE}: format {spec.get('format')!r}, expected {FORMAT}")
    return decode(spec["model"], arrays)
