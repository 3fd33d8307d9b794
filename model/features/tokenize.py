"""Word segmentation: jieba with the project's domain user dictionary, loaded once per process.

:func:`cut` gives exactly the words of ``jieba.Tokenizer.lcut(text, HMM=True)``. Where jieba_fast is installed
(the ``fast`` extra), its compiled step builds each block's word graph and best route, about half of
segmentation's time; the rest (the HMM for unknown runs included) is jieba's own, since jieba_fast's HMM
segments some runs differently. ``tests/model/test_tokenize.py`` checks the words equal jieba's on every
bundled sentence, and the same code runs on jieba alone where jieba_fast does not install.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from functools import lru_cache
from math import log
from pathlib import Path

import jieba
import numpy as np
from jieba import finalseg

from ..resources import RESOURCES

try:
    import _jieba_fast_functions_py3 as _compiled
except ImportError:  # jieba_fast not installed (it builds from source): jieba's own route below
    _compiled = None

USER_DICT = RESOURCES / "userdict.txt"
# The compiled route returns positions as new ints and keeps a reference to each: below 257 they are
# Python's shared small ints, so only blocks up to this length go to it (longer ones are rare).
COMPILED_MAX_BLOCK = 256
# jieba's prefix dictionary with the domain words, kept as plain arrays: jieba's own cache (marshal) takes
# seconds to read, these a fraction of that. Rebuilt when jieba, its dictionary or the user dictionary change.
CACHE_VARIABLE = "GWR_CACHE_DIR"
_CACHE_FORMAT = 1

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_RE_HAN = jieba.re_han_default
_RE_SKIP = jieba.re_skip_default


def get_tokenizer() -> jieba.Tokenizer:
    """The process-wide jieba tokenizer with the domain dictionary (policy terms kept whole)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(60)
                tokenizer = jieba.Tokenizer()
                cache = _dictionary_cache_file()
                if not _read_dictionary(tokenizer, cache):
                    tokenizer.initialize()
                    tokenizer.load_userdict(str(USER_DICT))
                    _write_dictionary(tokenizer, cache)
                _unknown_run.cache_clear()
                _tokenizer = tokenizer
    return _tokenizer


def cache_dir() -> Path:
    """Where gwr-tagger keeps files it can rebuild: ``$GWR_CACHE_DIR``, else ``$XDG_CACHE_HOME/gwr-tagger``,
    else ``~/.cache/gwr-tagger``."""
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gwr-tagger"


def _dictionary_cache_file() -> Path:
    digest = hashlib.sha256(f"{_CACHE_FORMAT} {jieba.__version__}".encode())
    digest.update((Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).read_bytes())
    digest.update(USER_DICT.read_bytes())
    return cache_dir() / f"jieba-prefix-{digest.hexdigest()[:24]}.npz"


def _read_dictionary(tokenizer: jieba.Tokenizer, path: Path) -> bool:
    """Fill the tokenizer from the cache file; False when there is no usable one."""
    try:
        with np.load(path, allow_pickle=False) as arrays:
            words = arrays["words"].tobytes().decode("utf-8").split("\n")
            freqs, total = arrays["freqs"].tolist(), int(arrays["total"])
    except (OSError, ValueError, KeyError, UnicodeDecodeError):
        return False
    if len(words) != len(freqs):
        return False
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(zip(words, freqs)), total, True
    for line in USER_DICT.read_text(encoding="utf-8").splitlines():  # what load_userdict does besides FREQ
        word, freq, _ = jieba.re_userdict.match(line.strip() or " ").groups()
        if freq is not None and int(freq) == 0:
            finalseg.add_force_split(word)
    return True


def _write_dictionary(tokenizer: jieba.Tokenizer, path: Path) -> None:
    """Best effort: a cache that cannot be written only means the next start reads jieba's own."""
    words = list(tokenizer.FREQ)
    if any("\n" in w for w in words):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            np.savez(handle, words=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
                     freqs=np.array([tokenizer.FREQ[w] for w in words], dtype=np.int64),
                     total=np.array(tokenizer.total, dtype=np.int64))
        os.replace(handle.name, path)
    except OSError:
        try:
            os.unlink(handle.name)
        except (OSError, UnboundLocalError):
            pass


def compiled_route_available() -> bool:
    """Whether jieba_fast's compiled route step is in use."""
    return _compiled is not None


def _route(block: str, freq: dict, total: int) -> list[int]:
    """End position of the best word starting at each position of a block: jieba's DAG and route, in
    Python (what jieba_fast's compiled step computes)."""
    n = len(block)
    best = [(0.0, 0)] * (n + 1)
    logtotal = log(total)
    for k in range(n - 1, -1, -1):
        ends = []
        i, frag = k, block[k]
        while i < n and frag in freq:
            if freq[frag]:
                ends.append(i)
            i += 1
            frag = block[k:i + 1]
        best[k] = max((log(freq.get(block[k:x + 1]) or 1) - logtotal + best[x + 1][0], x) for x in ends or [k])
    return [x for _, x in best]


@lru_cache(maxsize=50_000)
def _unknown_run(run: str) -> tuple[str, ...]:
    """jieba's HMM segmentation of a run of single characters not in the dictionary (runs recur)."""
    return tuple(finalseg.cut(run))


def _flush(buf: str, freq: dict, out: list[str]) -> None:
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        out.extend(_unknown_run(buf))
    else:
        out.extend(buf)


def _cut_block(block: str, freq: dict, total: int, use_compiled: bool, out: list[str]) -> None:
    if use_compiled and len(block) <= COMPILED_MAX_BLOCK:
        route: list[int] = []
        _compiled._get_DAG_and_calc(freq, block, route, float(total))
    else:
        route = _route(block, freq, total)
    x, n, buf = 0, len(block), ""
    while x < n:
        y = route[x] + 1
        if y - x == 1:
            buf += block[x]
        else:
            if buf:
                _flush(buf, freq, out)
                buf = ""
            out.append(block[x:y])
        x = y
    if buf:
        _flush(buf, freq, out)


def cut(text: str, use_compiled: bool | None = None) -> list[str]:
    """All words of ``text``, white space included: ``jieba.Tokenizer.lcut(text, HMM=True)``'s output.
    ``use_compiled=False`` forces jieba's own route (what runs where jieba_fast is missing)."""
    return _cut(text, use_compiled, keep_space=True)


def _cut(text: str, use_compiled: bool | None, keep_space: bool) -> list[str]:
    tokenizer = get_tokenizer()
    freq, total = tokenizer.FREQ, tokenizer.total
    compiled = _compiled is not None if use_compiled is None else use_compiled and _compiled is not None
    out: list[str] = []
    # Both patterns have one group, so split() alternates text between matches (even places) and matches
    # (odd places): the parity says what jieba's match() test would.
    for i, block in enumerate(_RE_HAN.split(text)):
        if i % 2:
            _cut_block(block, freq, total, compiled, out)
        elif block:
            for j, piece in enumerate(_RE_SKIP.split(block)):
                if j % 2:  # white space: the only words tokenize() drops
                    if keep_space:
                        out.append(piece)
                else:
                    out.extend(piece)
    return out


def tokenize(text: str) -> list[str]:
    """Words of one sentence (white space dropped)."""
    return _cut(text, None, keep_space=False)


def tokenize_joined(texts) -> list[str]:
    """Each sentence's words joined by single spaces: the form the models read."""
    return [" ".join(_cut(t, None, keep_space=False)) for t in texts]


def split_tokens(joined: str) -> list[str]:
    """Inverse of :func:`tokenize_joined` for one sentence (the word analyzer of the models)."""
    return joined.split()
