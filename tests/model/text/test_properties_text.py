"""Properties of reading, splitting and extracting over arbitrary text: mixed scripts, digits of every kind,
punctuation, white space, control characters and lone surrogates. Nothing raises but the typed input errors;
sentence offsets index the body; extracted spans lie inside their sentence."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from model.text.errors import ReportInputError
from model.indicators.extractor import find_candidates
from model.text.inputs import InputFailure, iter_documents
from model.text.normalize import without_surrogates
from model.text.reader import parse_bytes, parse_text
from model.records import Document
from model.text.splitter import MAX_SENTENCE, split_spans

POOL = (
    "的一是在不了有和人中大上年工作创新人才城市建设党要力争确保超过增长达到亿万千百十两零〇"   # CJK
    "過去經費發展機構"                                                                     # traditional
    "abcXYZ ０１２３４５ＡＢＣａｂｃ％．（）："                                              # Latin, full-width
    "0123456789٠١٢٣۴५६௭੩๓᠑①②⑴⒈½²³"                                                        # digits of all kinds
    "。！？；!?;，,、：:“”‘’「」『』（）()【】《》〔〕…—·.%-~～至"                              # punctuation
    " \t\n\r\u3000\xa0\u2028\u2029\x0b\x0c\x1c\x85\u200b\ufeff"                            # white space, marks
    "\x00\x01\x1b\x7f\ud800\udfff\ufffd"                                                   # control, surrogates
    "一、（一）1.第二是<>&#;#"                                                              # markers, markup
)
chars = st.one_of(st.sampled_from(POOL), st.characters())          # st.characters() includes surrogates
texts = st.text(chars, max_size=300)
# Long runs with few or no terminators, to reach the length cap.
long_texts = st.builds(lambda unit, n, tail: unit * n + tail,
                       st.text(st.sampled_from("创新发展，、 ab12"), min_size=1, max_size=5),
                       st.integers(200, 1500), st.sampled_from(["", "。", "，"]))


def _alnum_covered(text: str, spans) -> set[int]:
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    return {i for i, ch in enumerate(text) if ch.isalnum() and i not in covered}


def _check_spans(text: str, spans) -> None:
    previous_end = 0
    for a, b in spans:
        assert previous_end <= a < b <= len(text)           # in order, not overlapping, not empty
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert any(ch.isalnum() for ch in text[a:b])
        assert b - a <= MAX_SENTENCE
        previous_end = b


@given(st.one_of(texts, long_texts))
@example("。；")
@example("，" * 2000)
@example("“" + "加快发展。" * 150 + "”")
def test_split_spans_cover_the_paragraph(text):
    """The splitter's promise: trimmed, non-empty spans in order, none longer than MAX_SENTENCE, and only
    pieces without a letter or digit left out — so every letter and digit is in some sentence."""
    spans = split_spans(text)
    _check_spans(text, spans)
    assert not _alnum_covered(text, spans)


def _check_document(doc: Document) -> None:
    body, sentences = doc.body, doc.sentences
    assert sentences
    assert [s.sent_id for s in sentences] == list(range(len(sentences)))
    previous_end = 0
    for s in sentences:
        assert body[s.start:s.end] == s.text                 # offsets index the body
        assert previous_end <= s.start < s.end
        assert "\n" not in s.text and s.text == s.text.strip()
        assert s.section in (None, "review", "plan")
        s.text.encode("utf-8")                               # every output format writes UTF-8
        previous_end = s.end
    # Only the unfinished fragment that ends the last paragraph may be left out.
    for i in _alnum_covered(body, [(s.start, s.end) for s in sentences]):
        assert i >= sentences[-1].end and "\n" not in body[i:]


@given(st.one_of(texts, long_texts), st.sampled_from([None, False, True]))
@example("<p>一、2019年工作回顾</p><script>var x = '。';</script><p>增长&#37;5。</p>", None)
@example("\ud800一是加强创新。", None)
def test_parse_text_gives_indexed_sentences_or_a_typed_error(text, html):
    try:
        doc = parse_text(text, "doc", html=html)
    except ReportInputError as err:
        assert err.source == "doc" and err.kind
        return
    _check_document(doc)


encodings = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                             "cp950"])


@given(texts, encodings, st.integers(0, 3))
def test_parse_bytes_of_encoded_text(text, encoding, cut):
    """Text in any supported encoding, possibly cut short: a document or a typed error naming the file;
    UTF-8 text without NUL reads as the text itself."""
    data = text.encode(encoding, errors="replace")
    data = data[: len(data) - cut] if cut else data
    try:
        doc = parse_bytes(data, "doc", source="in.txt")
    except ReportInputError as err:
        assert err.source == "in.txt" and "in.txt" in str(err)
        return
    _check_document(doc)
    if encoding == "utf-8" and not cut and "\x00" not in text:
        assert [s.text for s in doc.sentences] == [s.text for s in parse_text(text, "doc").sentences]


@given(st.binary(max_size=2000))
@example(b"\x89PNG\r\n\x1a\n")
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
def test_parse_bytes_of_arbitrary_bytes(data):
    try:
        doc = parse_bytes(data, "doc", source="in.txt")
    except ReportInputError as err:
        assert "in.txt" in str(err)
        return
    _check_document(doc)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | texts,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                           max_leaves=6)
records = st.one_of(
    st.fixed_dictionaries({"text": texts}, optional={"id": st.one_of(texts, st.integers()), "title": json_values}),
    st.dictionaries(st.sampled_from(["id", "text", "title"]), json_values, max_size=3),
    json_values,
)
lines = st.one_of(records.map(lambda r: json.dumps(r, ensure_ascii=False)),
                  records.map(json.dumps),                                   # \ud800 escapes: lone surrogates
                  st.text(st.sampled_from('{}[]":,text 一是。\x00'), max_size=40))


@given(st.lists(lines, max_size=8))
@example(['{"id": "a", "text": "全年技术交易额\\ud800超过5.5亿元。"}', '{"id": 1}', "{not json"])
@example(['{"id": "b\\udc00", "text": "完成。", "title": {"k": ["\\ud800"]}}'])   # crashed the output writers
def test_jsonl_every_line_a_document_or_a_named_failure(lines):
    """No line is lost: each non-blank line of a JSONL input gives one document or one failure naming it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        data = b"\n".join(line.encode("utf-8", errors="surrogatepass") for line in lines)
        path.write_bytes(data)
        items = list(iter_documents([str(path)]))
    expected = [n for n, raw in enumerate(data.split(b"\n"), start=1) if raw.strip()]
    assert len(items) == len(expected)
    for number, item in zip(expected, items):
        if isinstance(item, InputFailure):
            assert item.input == f"{path}:{number}" and item.error and item.detail
        else:
            _check_document(item)
            item.doc_id.encode("utf-8")
            json.dumps(item.meta, ensure_ascii=False).encode("utf-8")


def _check_mentions(text: str, spans) -> None:
    for start, end in spans:
        assert 0 <= start < end <= len(text)


@given(st.one_of(texts, long_texts))
@example("力争全年技术交易额超过5.5亿元，增长6%-6.5%，引进1-2名院士，三分之一，百分之四十一。")
@example("０万元٣亿元²亿元")
def test_candidates_lie_inside_the_sentence(text):
    found = find_candidates(text)
    _check_mentions(text, [(c.start, c.end) for c in found])
    for c in found:
        assert c.comparator in ("=", ">=", "<=", "~", "range")
        assert (c.value is None) == (c.comparator == "range")


@pytest.fixture(scope="module")
def tagger(small_model_dir):
    from serve.predictor import Predictor

    return Predictor.load(str(small_model_dir)).tagger


@settings(max_examples=20)
@given(st.lists(st.one_of(texts, long_texts), min_size=1, max_size=4))
@example(["力争全年技术交易额超过5.5亿元。", "", "\ud800"])
@pytest.mark.slow
def test_fitted_tagger_on_arbitrary_sentences(tagger, sentences):
    """The fitted tagger scores any sentences: one result each, probabilities in [0, 1], mentions inside."""
    sentences = [without_surrogates(s) for s in sentences]       # as the reader hands them over
    results = tagger.predict_sentences(sentences)
    assert len(results) == len(sentences)
    for text, result in zip(sentences, results):
        assert all(0.0 <= p <= 1.0 for p in result.themes.values())
        assert 0.0 <= result.quant_target_prob <= 1.0
        _check_mentions(result.text, [(m.start, m.end) for m in result.indicators])
