"""Tests of the triage text classifier.

The helpers below make a tiny synthetic Chinese corpus whose categories are separable by
vocabulary, so behaviour tests need neither the shared data nor much CPU time.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tongxin.triage.classifier import Record

VOCABULARY = {
    "交通运输": ["公交车", "出租车", "地铁站", "公交线路", "司机", "站台", "网约车", "票价"],
    "教育文体": ["学校", "老师", "学生", "入学", "学位", "课外辅导", "幼儿园", "教育局"],
    "环境保护": ["污染", "噪音", "排放", "废水", "粉尘", "异味", "环保局", "垃圾焚烧"],
}
FILLER = ["我们", "小区", "附近", "希望", "领导", "尽快", "解决", "问题", "最近", "严重"]


def synthetic_text(category: str, rng: random.Random) -> str:
    words = rng.sample(VOCABULARY[category], 3) + rng.sample(FILLER, 4)
    rng.shuffle(words)
    return "".join(words) + "。"


def synthetic_records(per_class: int = 30, seed: int = 7) -> list[Record]:
    rng = random.Random(seed)
    return [
        Record(f"{category}-{i}", synthetic_text(category, rng), category)
        for category in VOCABULARY
        for i in range(per_class)
    ]


def write_training_csv(path: Path, records: list[Record]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "category"])
        for record in records:
            writer.writerow([record.id, record.text, record.category])
    return path
