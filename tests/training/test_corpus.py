"""The unlabelled corpus: sentences of the bundled reports outside the test documents, sampled with a seed."""

from __future__ import annotations

from training.corpus import unlabelled_frame
from training.dataset import load_labelled


def test_leaves_out_the_test_documents_and_is_reproducible():
    test_docs = {r.doc_id for r in load_labelled(split="test")}
    frame = unlabelled_frame(test_docs, limit=500, seed=3)
    assert len(frame) == 500 and list(frame.columns) == ["text", "tokens", "section"]
    assert frame.equals(unlabelled_frame(test_docs, limit=500, seed=3))
    assert not frame.equals(unlabelled_frame(test_docs, limit=500, seed=4))
    test_texts = {r.text for r in load_labelled(split="test")}
    assert len(set(frame["text"]) & test_texts) < 5  # formulaic lines recur across reports; little else does
