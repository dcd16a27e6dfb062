"""`triage train --fast` (hashed character n-grams, tongxin.triage.hashed) learns separable
categories like the default model, and `triage classify` with it keeps the documented output
(same order, same three fields) while reporting its own rate on stderr."""

import json
import random
import re
import subprocess
import sys
from pathlib import Path

from tests.triage import VOCABULARY, synthetic_records, synthetic_text
from tongxin.triage import classifier

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_fast_model_learns_separable_categories():
    rng = random.Random(5)
    model = classifier.train(synthetic_records(), config=classifier.FAST)
    wanted = [c for _ in range(4) for c in VOCABULARY]
    got = classifier.predict(model, [synthetic_text(c, rng) for c in wanted])
    assert [c for c, _ in got] == wanted
    assert all(0 < p <= 1 for _, p in got)


def test_the_hashed_features_of_a_text_do_not_depend_on_its_batch():
    model = classifier.train(synthetic_records(), config=classifier.FAST)
    texts = [synthetic_text(c, random.Random(i)) for i, c in enumerate(VOCABULARY)]
    features = model.pipeline.named_steps["features"]
    alone = [features.transform([t]).toarray() for t in texts]
    together = features.transform(texts).toarray()
    assert all((row == one[0]).all() for row, one in zip(together, alone, strict=True))


def test_classify_with_the_fast_model_keeps_order_and_reports_its_rate(tmp_path):
    classifier.save(classifier.train(synthetic_records(), config=classifier.FAST),
                    tmp_path / "model")
    rng = random.Random(3)
    wanted = [c for _ in range(5) for c in VOCABULARY]
    lines = [json.dumps({"id": i, "text": synthetic_text(c, rng)}, ensure_ascii=False)
             for i, c in enumerate(wanted)]

    done = subprocess.run(
        [sys.executable, "-m", "tongxin.cli", "triage", "classify", "--model",
         str(tmp_path / "model")],
        input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8",
        cwd=REPO_ROOT, timeout=120,
    )

    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == list(range(len(wanted)))
    assert [o["category"] for o in out] == wanted
    assert all(set(o) == {"id", "category", "confidence"} for o in out)
    rate = re.search(r"classified (\d+) messages in [\d.]+ s \((\d+) messages/s", done.stderr)
    assert rate is not None, done.stderr
    assert int(rate.group(1)) == len(wanted) and int(rate.group(2)) > 0
