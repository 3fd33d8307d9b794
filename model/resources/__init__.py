"""Data files the models read: the domain dictionary of theme keywords and jieba's user dictionary (package
data, installed with the package)."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
