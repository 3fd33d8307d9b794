"""Choose the report sentences that annotators label.

Seeds and local excerpts are labelled in full (``census``). National reports are sampled in two
parts kept apart: a ``random`` part stratified by decade, and an ``enriched`` part drawn from
sentences whose wording suggests a rare label (to reach enough positives) or a known hard negative.
The enrichment query only chooses what to read; every label is an annotator's judgment.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

RANDOM_TOTAL = 2500
MIN_PER_DECADE = 150
ENRICH_QUERIES = {
    "talent": (re.compile(r"人才|专家|院士|知识分子|科技人员|留学|引智|技能"), 160),
    "party": (re.compile(r"党的建设|党风|廉政|党员|党组织|纪律|作风|干部队伍|反腐|腐败|官僚主义|形式主义"), 160),
    "innovation": (re.compile(r"科技|科学技术|研究|技术进步|专利|知识产权|高新技术|创新"), 120),
    "urban": (re.compile(r"城市|城镇|住房|道路|交通|市政|棚户|保障性|规划|土地|拆迁|供水|污水"), 120),
    "quant_target": (re.compile(r"(力争|目标|预期|计划|要求|争取|确保|达到|控制在|左右).{0,30}\d"), 160),
    "hard_negative": (re.compile(r"改革创新|创新.{0,4}(方式|机制|管理|体制)|党和政府|党中央|共产党领导|(实现|完成|达到).{0,20}\d"), 100),
}


def decade(meta: dict) -> int:
    return int(meta.get("year", 0)) // 10 * 10


def sample_national(records: list[dict], seed: int = 0) -> list[dict]:
    """The national sample: ``random`` by decade, then ``enriched`` by query, no sentence twice."""
    rng = random.Random(seed)
    by_decade: dict[int, list[dict]] = defaultdict(list)
    for record in records:
        by_decade[decade(record["meta"])].append(record)
    total = sum(len(v) for v in by_decade.values())
    quota = {d: max(MIN_PER_DECADE, round(RANDOM_TOTAL * len(v) / total)) for d, v in by_decade.items()}
    chosen: list[dict] = []
    taken: set[tuple[str, int]] = set()
    for d in sorted(by_decade):
        for record in rng.sample(by_decade[d], min(quota[d], len(by_decade[d]))):
            chosen.append({**record, "sampling": "random"})
            taken.add((record["doc_id"], record["sent_id"]))
    for name, (query, count) in ENRICH_QUERIES.items():
        pool = [r for r in records if (r["doc_id"], r["sent_id"]) not in taken and query.search(r["text"])]
        for record in rng.sample(pool, min(count, len(pool))):
            chosen.append({**record, "sampling": "enriched", "enriched_for": name})
            taken.add((record["doc_id"], record["sent_id"]))
    return chosen


POOL_SEED = 20261122
BATCH_SIZE = 100


def build_pool(split_records: list[dict], seed: int = POOL_SEED) -> list[dict]:
    """The annotation pool from ``gwr split`` records of the bundled data: seeds and local excerpts in
    full, national reports sampled; ordered by source, sampling part, document and position."""
    seeds = [r for r in split_records if r["doc_id"].endswith(".txt")]
    national = [r for r in split_records if r["doc_id"].startswith("national-")]
    local = [r for r in split_records if r not in seeds and not r["doc_id"].startswith("national-")]
    pool = ([{**r, "source": "seed", "sampling": "census"} for r in seeds]
            + [{**r, "source": "local", "sampling": "census"} for r in local]
            + [{**r, "source": "national"} for r in sample_national(national, seed=seed)])
    pool.sort(key=lambda r: (r["source"], r["sampling"], r["doc_id"], r["sent_id"]))
    return [pool_entry(r) for r in pool]


def sid_of(record: dict) -> str:
    return f"{record['doc_id']}:{record['sent_id']}"


def pool_entry(r: dict) -> dict:
    """A pool record from a ``gwr split`` record carrying ``source``, ``sampling`` (and, when enriched,
    ``enriched_for`` and the enrichment ``round`` after the first)."""
    return {"sid": sid_of(r), "doc_id": r["doc_id"], "sent_id": r["sent_id"],
            "source": r["source"], "sampling": r["sampling"],
            **({"enriched_for": r["enriched_for"]} if "enriched_for" in r else {}),
            **({"round": r["round"]} if "round" in r else {}),
            "section": r["section"], "heading": r["heading"], "is_heading": r["is_heading"], "text": r["text"],
            "place": r["meta"].get("place"), "year": r["meta"].get("year")}


# Second enrichment round: talent and quantitative targets were still short of their minimum positives
# after the first pool was labelled, and urban construction close to it. Only national sentences not yet
# in the pool are eligible (seeds and local excerpts are already in full).
_NUMBER = r"([0-9]|百分之|[一二三四五六七八九十两百千万]+(亿|万|吨|公里|千瓦|个百分点|倍|%|元|斤|亩|人|所|个|项))"
ROUND2_QUERIES = {
    "talent": (re.compile(r"人才|专家|院士|知识分子|科技人员|留学|引智|高技能|科研人员|创新团队|工程技术人员|科学家|"
                          r"工程师|技术工人|技术人员|研究生|职业技能|技能培训|专门人员|科技队伍|技术队伍|教师队伍|"
                          r"培养.{0,8}(骨干|队伍|人员)"), 260, None),
    "quant_target": (re.compile(r"(力争|目标|预期|计划|争取|确保|控制在|要求|达到|增长|提高|增加|降低|减少|完成).{0,30}"
                                + _NUMBER), 240, "plan"),
    "urban": (re.compile(r"城市|城镇|住房|棚户|保障性|市政|道路|公路|铁路|地铁|轨道|供水|污水|拆迁|土地|规划"), 100, "plan"),
}


# Third round: talent and urban were still just short after round 2; wider wording for talent
# (intellectual resources, professional titles, skilled workers), more plan-section urban sentences.
ROUND3_QUERIES = {
    "talent": (re.compile(r"智力|专业技术|职称|博士|师资|骨干|科技工作者|科学工作者|知识化|专业化|能工巧匠|工匠|技工|"
                          r"职业教育|人员.{0,4}培养|培养.{0,6}人"), 200, None),
    "urban": ROUND2_QUERIES["urban"],
}
# Fifth round: the weakest labels in their modern wording (local urban works, party discipline and campaigns,
# innovation-driven development), drawn from what the national reports still hold, and a random part of the
# reports since 2000 (the years nearest today's vocabulary) that no query chooses.
ROUND5_QUERIES = {
    "urban": (re.compile(r"城中村|老旧小区|棚户区|管网|征迁|拆迁|背街小巷|路网|管廊|海绵城市|市政|供水|供气|供热|污水|垃圾|公交|"
                         r"地铁|轨道交通|保障性住房|保障房|廉租|公租|城市规划|城市建设|旧城|城镇化|城市群|住房"), 170, None),
    "party": (re.compile(r"党风|廉政|从严治党|党的建设|党员|党组织|基层党|作风建设|四风|八项规定|反腐|腐败|问责|巡视|干部队伍|"
                         r"教育实践活动|学习教育|纪律|党性"), 120, None),
    "innovation": (re.compile(r"创新驱动|科技创新|互联网|大数据|云计算|人工智能|新兴产业|研发|孵化|众创|创业|高新技术|知识产权|"
                              r"科技成果|自主创新"), 200, None),
}
ROUND5_RANDOM = 610
ROUND5_RANDOM_SINCE = 2000
ROUNDS = {2: ROUND2_QUERIES, 3: ROUND3_QUERIES, 5: ROUND5_QUERIES}


def extend_pool(split_records: list[dict], pool: list[dict], round: int = 2, seed: int | None = None
                ) -> list[dict]:
    """Pool entries of enrichment ``round`` (``sampling`` enriched): national sentences not yet in
    ``pool`` drawn by that round's queries, in document order so that a batch reads like its documents."""
    queries = ROUNDS[round]
    rng = random.Random(POOL_SEED + round if seed is None else seed)
    taken = {r["sid"] for r in pool}
    national = [r for r in split_records if r["doc_id"].startswith("national-") and sid_of(r) not in taken]
    chosen: list[dict] = []
    for name, (query, count, section) in queries.items():
        eligible = [r for r in national if sid_of(r) not in taken
                    and (section is None or r["section"] == section) and query.search(r["text"])]
        for record in rng.sample(eligible, min(count, len(eligible))):
            chosen.append({**record, "source": "national", "sampling": "enriched", "enriched_for": name,
                           "round": round})
            taken.add(sid_of(record))
    chosen.sort(key=lambda r: (r["doc_id"], r["sent_id"]))
    return [pool_entry(r) for r in chosen]


def batches(pool: list[dict], size: int = BATCH_SIZE) -> list[list[dict]]:
    """Annotation tasks: consecutive runs of the pool (so a batch reads like its documents)."""
    fields = ("sid", "doc_id", "section", "heading", "text")
    return [[{k: r[k] for k in fields} for r in pool[i:i + size]] for i in range(0, len(pool), size)]


# Fourth round: the recent local pages (2016–2026, modern vocabulary and layouts) and the development pages,
# each labelled in full. The development pages only measure: they stay on the test side of the split.
CENSUS_ROUND = 4
CENSUS_SOURCES = {"recent": "local_pages_2016_2026.jsonl", "devset": "devset/pages.jsonl"}


def census_pool(split_records: list[dict], source: str, round: int = CENSUS_ROUND) -> list[dict]:
    """Pool entries of every sentence of ``split_records`` (one raw file's ``gwr split``), as ``source``
    with sampling ``census``, in document order."""
    chosen = [{**r, "source": source, "sampling": "census", "round": round} for r in split_records]
    chosen.sort(key=lambda r: (r["doc_id"], r["sent_id"]))
    return [pool_entry(r) for r in chosen]


def random_part(split_records: list[dict], pool: list[dict], count: int, since: int, round: int,
                seed: int | None = None) -> list[dict]:
    """Pool entries of a ``random`` part of enrichment ``round``: ``count`` national sentences of the reports
    since ``since`` not yet in ``pool`` (headings and sentences whose text is pooled left out), in document order."""
    rng = random.Random(POOL_SEED + 100 + round if seed is None else seed)
    taken = {r["sid"] for r in pool}
    texts = {r["text"] for r in pool}
    eligible = [r for r in split_records if r["doc_id"].startswith("national-") and sid_of(r) not in taken
                and r["text"] not in texts and not r["is_heading"] and int(r["meta"].get("year", 0)) >= since]
    chosen = [{**r, "source": "national", "sampling": "random", "round": round}
              for r in rng.sample(eligible, min(count, len(eligible)))]
    chosen.sort(key=lambda r: (r["doc_id"], r["sent_id"]))
    return [pool_entry(r) for r in chosen]
