"""Word segmentation: jieba with the project's domain user dictionary, loaded once per process."""

from __future__ import annotations

import threading
from pathlib import Path

import jieba

RESOURCES = Path(__file__).resolve().parent / "resources"
USER_DICT = RESOURCES / "userdict.txt"

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def get_tokenizer() -> jieba.Tokenizer:
    """The process-wide jieba tokenizer with the domain dictionary (policy terms kept whole)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(60)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                tokenizer.load_userdict(str(USER_DICT))
                _tokenizer = tokenizer
    return _tokenizer


def tokenize(text: str) -> list[str]:
    """Words of one sentence (white space dropped)."""
    return [w for w in get_tokenizer().lcut(text, HMM=True) if w.strip()]


def tokenize_joined(texts) -> list[str]:
    """Each sentence's words joined by single spaces: the form the models read."""
    cut = get_tokenizer().lcut
    return [" ".join(w for w in cut(t, HMM=True) if w.strip()) for t in texts]


def split_tokens(joined: str) -> list[str]:
    """Inverse of :func:`tokenize_joined` for one sentence (the word analyzer of the models)."""
    return joined.split()
