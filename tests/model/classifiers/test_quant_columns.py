"""The quant_target model's cue columns: log counts of intent, result and number cues."""

from __future__ import annotations

import numpy as np

from model.classifiers.quant_columns import QUANT_CUES, CueCounts, cue_counts


def test_cue_counts():
    texts = ["力争全年增长8%以上，确保完成。", "加强党的建设。"]
    counts = cue_counts(texts, list(QUANT_CUES)).toarray()
    assert np.allclose(counts[0], np.log1p([4, 1, 1])) and counts[1].tolist() == [0, 0, 0]
    assert np.array_equal(CueCounts(("number",)).transform(texts).toarray(), counts[:, 2:])
