"""Data files the models read: the domain dictionary of theme keywords and jieba's user dictionary, and the
indicator names ``gwr panel`` joins on (``indicator_keys.tsv``) (package data, installed with the package)."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
