"""The data a gwr-tagger checkout carries: the labelled sentences and their annotations (``data/labelled/``) and
the bundled raw reports (``data/raw/``). An installed package has none of it: commands that need it say so
(:func:`require`) and take paths of their own instead."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "data" / "labelled"
DEFAULT_DATA = LABELLED / "sentences.jsonl"
RAW = ROOT / "data" / "raw"
RAW_INPUTS = (RAW / "seeds", RAW / "national_reports_1954_2015.jsonl", RAW / "local_excerpts.jsonl")


class MissingData(FileNotFoundError):
    """A file or folder a command needs is not there (most often: not run from a gwr-tagger checkout)."""


def in_checkout() -> bool:
    """Whether this is a gwr-tagger checkout with its data (not an installed package)."""
    return (ROOT / "pyproject.toml").is_file() and LABELLED.is_dir()


def require(path: str | Path, what: str, option: str) -> Path:
    """``path`` when it exists; else :class:`MissingData` with one line saying what is missing and how to give it."""
    path = Path(path)
    if path.exists():
        return path
    where = ("a gwr-tagger checkout's" if not in_checkout() else "the checkout's")
    raise MissingData(f"no {what} at {path} (the default is {where} data/); give {option}, or run from a "
                      "gwr-tagger checkout")
