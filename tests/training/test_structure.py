"""Document-structure labels: parts cover a document once and in order, target lists lie in plan parts, and a
change of the reader that moves the sentences is caught by the stamp."""

from __future__ import annotations

import json

from training.structure import (DocumentStructure, Part, Span, agreement, check_file, document_texts,
                                fingerprint, problems, structure_problems)

TEXTS = ("2024年1月在某县人民代表大会上", "一、2023年工作回顾", "全年地区生产总值增长6%。", "二、2024年工作安排",
         "今年主要预期目标是：", "地区生产总值增长6%左右；", "城镇新增就业5000人。")


def _structure(**changes) -> DocumentStructure:
    base = dict(doc_id="county", parts=[Part(0, 0, "other"), Part(1, 2, "review"), Part(3, 6, "plan")],
                target_lists=[Span(4, 6)])
    return DocumentStructure(**{**base, **changes})


def test_a_sound_structure_has_no_problem_and_gives_each_sentence_its_part():
    structure = _structure()
    assert problems(structure, TEXTS) == []
    assert structure.part_of() == ["other", "review", "review", "plan", "plan", "plan", "plan"]
    assert structure.in_target_list() == [False] * 4 + [True] * 3


def test_gaps_overlaps_short_cover_and_misplaced_lists_are_named():
    gap = _structure(parts=[Part(0, 0, "other"), Part(2, 2, "review"), Part(3, 6, "plan")])
    assert any("starts at 2, expected 1" in p for p in problems(gap, TEXTS))
    short = _structure(parts=[Part(0, 0, "other"), Part(1, 2, "review"), Part(3, 5, "plan")])
    assert any("last sentence is 6" in p for p in problems(short, TEXTS))
    unknown = _structure(parts=[Part(0, 0, "opening"), Part(1, 2, "review"), Part(3, 6, "plan")])
    assert any("unknown part 'opening'" in p for p in problems(unknown, TEXTS))
    in_review = _structure(target_lists=[Span(1, 2)])
    assert any("lies in no plan part" in p for p in problems(in_review, TEXTS))
    outside = _structure(target_lists=[Span(5, 9)])
    assert any("outside the document" in p for p in problems(outside, TEXTS))


def test_the_stamp_catches_a_reader_that_splits_differently():
    stamped = _structure(sentences=len(TEXTS), fingerprint=fingerprint(TEXTS))
    assert problems(stamped, TEXTS) == []
    resplit = TEXTS[:5] + ("地区生产总值增长6%左右；城镇新增就业5000人。",)
    found = problems(stamped, resplit)
    assert any("splits this document differently" in p for p in found)
    assert any("stamped for 7 sentences" in p for p in found)


def test_check_stamps_a_file_and_data_check_wants_every_document_stamped(tmp_path):
    doc = "000_585d3f6695bf431d.txt"
    n = len(document_texts(doc))
    path = tmp_path / "ann.jsonl"
    line = {"doc_id": doc, "parts": [{"part": "other", "first": 0, "last": 2},
                                     {"part": "review", "first": 3, "last": n - 1}], "target_lists": []}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert any("not stamped" in p for p in structure_problems(tmp_path))
    assert check_file(path, stamp=True) == []
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["sentences"] == n and stored["fingerprint"] == fingerprint(document_texts(doc))
    assert structure_problems(tmp_path) == []
    path.write_text(path.read_text(encoding="utf-8") * 2, encoding="utf-8")
    assert any("annotated twice" in p for p in structure_problems(tmp_path))


def test_agreement_counts_sentences_given_the_same_part_and_list_flag():
    other = _structure(parts=[Part(0, 0, "other"), Part(1, 3, "review"), Part(4, 6, "plan")],
                       target_lists=[Span(5, 6)])
    assert agreement(_structure(), other) == {"sentences": 7, "part_agree": 6, "target_list_agree": 6}


def test_second_annotations_are_measured_against_the_first_and_never_learned_from(tmp_path):
    from training.structure import first_annotations, structure_agreement

    doc = "000_585d3f6695bf431d.txt"
    n = len(document_texts(doc))
    (tmp_path / "structure").mkdir()
    one = {"doc_id": doc, "parts": [{"part": "other", "first": 0, "last": 9},
                                    {"part": "review", "first": 10, "last": n - 1}], "target_lists": []}
    two = {**one, "parts": [{"part": "other", "first": 0, "last": 11}, {"part": "review", "first": 12, "last": n - 1}]}
    (tmp_path / "structure" / "a.jsonl").write_text(json.dumps(one) + "\n", encoding="utf-8")
    (tmp_path / "structure" / "b.jsonl").write_text(json.dumps(two) + "\n", encoding="utf-8")
    (tmp_path / "assignments.json").write_text(json.dumps({"structure": {"second": {"b": [doc]}}}),
                                               encoding="utf-8")
    assert first_annotations(tmp_path)[doc].parts[0].last == 9
    measured = structure_agreement(tmp_path)
    assert measured["documents"] == 1 and measured["sentences"] == n
    assert measured["part_agree"] == n - 2 and measured["target_list_agree"] == n


def test_a_reader_change_carries_parts_and_lists_over_to_the_new_sentences():
    from training.structure import remap

    new = TEXTS[1:3] + ("二、2024年工作安排（摘要）",) + TEXTS[4:]  # the dateline gone, a heading rewritten
    moved = remap(_structure(sentences=len(TEXTS), fingerprint=fingerprint(TEXTS)), TEXTS, new)
    assert moved.part_of() == ["review", "review", "plan", "plan", "plan", "plan"]
    assert moved.target_lists == [Span(3, 5)]
    assert (moved.sentences, moved.fingerprint) == (len(new), fingerprint(new))
    assert problems(moved, new) == []
