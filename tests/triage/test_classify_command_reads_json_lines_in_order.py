import json
import random
import subprocess
import sys
from pathlib import Path

from tests.triage import VOCABULARY, synthetic_records, synthetic_text
from tongxin.triage import classifier

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_classify_command_reads_json_lines_in_order(tmp_path):
    classifier.save(classifier.train(synthetic_records()), tmp_path / "model")
    rng = random.Random(3)
    # Interleave categories and mix id types so reordering or id mangling would show.
    wanted = [c for _ in range(5) for c in VOCABULARY]
    ids: list[object] = [f"m{i}" if i % 2 else i for i in range(len(wanted))]
    lines = [
        json.dumps({"id": i, "text": synthetic_text(c, rng)}, ensure_ascii=False)
        for i, c in zip(ids, wanted, strict=True)
    ]

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tongxin.cli",
            "triage",
            "classify",
            "--model",
            str(tmp_path / "model"),
            "--batch-size",
            "4",
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ids
    assert [o["category"] for o in out] == wanted
    assert all(set(o) == {"id", "category", "confidence"} for o in out)
    # ensure_ascii=False: categories appear as Chinese characters, not \\u escapes.
    assert "\\u" not in done.stdout and "交通运输" in done.stdout
