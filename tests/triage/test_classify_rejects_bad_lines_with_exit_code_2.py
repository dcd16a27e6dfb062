import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.triage import synthetic_records
from tongxin.triage import classifier
from tongxin.triage.management.commands.triage import BadLine, parse_line

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"id": 1}', 'missing "text"'),
        ('{"text": "公交车"}', 'missing "id"'),
        ('{"id": 1, "text": 42}', '"text" must be a string, not a number'),
        ('{"id": 1, "text": "  "}', '"text" is empty'),
        ('{"id": [1], "text": "公交车"}', '"id" must be a string or an integer'),
    ],
)
def test_each_kind_of_bad_line_is_named_with_its_line_number(raw, message):
    with pytest.raises(BadLine) as caught:
        parse_line(7, raw)
    assert str(caught.value).startswith("line 7: ") and message in str(caught.value)


def test_classify_stops_at_the_first_bad_line_with_exit_code_2(tmp_path):
    classifier.save(classifier.train(synthetic_records()), tmp_path / "model")
    good = json.dumps({"id": "a", "text": "公交车司机不按站台停车"}, ensure_ascii=False)
    lines = [good, "", '{"id": "b", "text": null}', good]

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tongxin.cli",
            "triage",
            "classify",
            "--model",
            str(tmp_path / "model"),
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        timeout=120,
    )

    assert done.returncode == 2
    assert 'line 3: "text" must be a string, not null' in done.stderr
    # Lines before the bad one are answered; nothing after it, and nothing but results.
    assert [json.loads(x)["id"] for x in done.stdout.splitlines()] == ["a"]
