"""`triage train` and `triage classify`: the text classifier on the command line.

    tongxin triage train --data train.csv [--data corrections.csv ...] --out DIR [--cv 5]
    tongxin triage train --routing [--data extra.csv ...] [--out DIR]
    tongxin triage classify --model DIR  < messages.jsonl > categories.jsonl

classify reads JSON lines {"id": ..., "text": ...} and writes {"id", "category", "confidence"}
lines in the same order. It stops at the first bad line with a message naming the line number
and exit code 2; the lines before it have already been answered on stdout, so stdout never
holds anything but the documented format.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.triage import classifier

# Exit code for bad input or unusable files, so scripts can tell it from a crash (1).
EXIT_BAD_INPUT = 2


def _shared_data_dir() -> Path:
    configured = getattr(settings, "SHARED_DATA_DIR", None)
    if configured:
        return Path(configured)
    # commands/ → management/ → triage/ → tongxin/ → repository root, whose sibling is shared/
    return Path(__file__).resolve().parents[4].parent / "shared" / "data"


def default_taxonomy_path() -> Path:
    """The shared category tree, read in place (never copied into the repository)."""
    return _shared_data_dir() / "appeals-zh" / "taxonomy.csv"


class BadLine(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")


class Command(BaseCommand):
    help = "Train the triage text classifier or classify JSON lines with a trained model."
    # classify is a filter in shell pipelines: no system checks, no database.
    requires_system_checks: list[str] = []
    # Tests pass a stream as stdin=...; call_command only accepts declared options.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{train,classify}")
        train = sub.add_parser("train", help="fit a model on id,text,category CSV files")
        train.add_argument(
            "--data",
            action="append",
            default=[],
            metavar="FILE.csv",
            help="labelled CSV (id,text,category); repeat to add corrections, later files win",
        )
        train.add_argument("--out", metavar="DIR", help="model directory (required unless "
                           "--routing, which defaults to the one triage loads)")
        train.add_argument(
            "--routing",
            action="store_true",
            help="train the routing model (text → lead unit) from the cases people dispatched "
            "and their corrections of triage, plus any --data rows (category = unit code); "
            "cross-validation chooses the automatic-dispatch threshold",
        )
        train.add_argument(
            "--taxonomy",
            metavar="FILE.csv",
            help="category tree (一级分类,二级分类,三级分类); default: the shared appeals-zh one "
            "if present",
        )
        train.add_argument(
            "--no-taxonomy", action="store_true", help="accept any category, use no tree"
        )
        train.add_argument(
            "--fast", action="store_true",
            help="hashed character n-grams, no jieba: ~16x faster to classify, ~0.5 point "
            "of macro-F1 lower (bench/results.json, triage_holdout)")
        train.add_argument(
            "--cv",
            type=int,
            default=0,
            metavar="K",
            help="also run K-fold cross-validation and store the figures in meta.json",
        )
        classify = sub.add_parser("classify", help="classify JSON lines from stdin")
        classify.add_argument("--model", required=True, metavar="DIR", help="model directory")
        classify.add_argument(
            "--batch-size",
            type=int,
            default=64,
            help="lines classified per batch; use 1 when driving classify as a co-process",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "train":
            self._train(options)
        else:
            self._classify(options)

    # --- train ---------------------------------------------------------------------------

    def _train(self, options: dict[str, Any]) -> None:
        if options["routing"]:
            self._train_routing(options)
            return
        if not options["data"] or not options["out"]:
            raise CommandError("train needs --data and --out", returncode=EXIT_BAD_INPUT)
        tree = self._taxonomy(options)
        categories = tree.keys() if tree else None
        batches = []
        for path in options["data"]:
            try:
                loaded = classifier.load_training_csv(path, categories)
            except (OSError, UnicodeDecodeError, classifier.TriageDataError) as exc:
                raise CommandError(f"cannot read {path}: {exc}", returncode=EXIT_BAD_INPUT) from exc
            self._report_dropped(path, loaded)
            batches.append(loaded.records)
        records = classifier.merge_records(*batches)
        if len({r.category for r in records}) < 2:
            raise CommandError(
                "need labelled rows of at least two categories", returncode=EXIT_BAD_INPUT
            )
        self.stdout.write(f"training on {len(records)} messages")
        config = classifier.FAST if options["fast"] else classifier.ModelConfig()
        model = classifier.train(records, tree, config)
        if options["cv"] > 1:
            cv = classifier.cross_validate(records, folds=options["cv"], tree=tree,
                                           config=config)
            model.meta["cross_validation"] = cv
            self.stdout.write(
                f"{cv['folds']}-fold CV: macro-F1 {cv['macro_f1']:.4f}, accuracy "
                f"{cv['accuracy']:.4f}, ECE {cv['ece']:.4f}"
            )
        out = classifier.save(model, options["out"])
        self.stdout.write(f"model written to {out} ({model.meta['train_seconds']} s to fit)")

    def _train_routing(self, options: dict[str, Any]) -> None:
        from tongxin.triage import routing
        from tongxin.triage.services import routing_model_dir
        from tongxin.triage.training import routing_records

        records, counts = routing_records()
        extra = []
        for path in options["data"]:
            try:
                loaded = classifier.load_training_csv(path)
            except (OSError, UnicodeDecodeError, classifier.TriageDataError) as exc:
                raise CommandError(f"cannot read {path}: {exc}", returncode=EXIT_BAD_INPUT) from exc
            self._report_dropped(path, loaded)
            extra.extend(loaded.records)
        records = classifier.merge_records(extra, records)
        self.stdout.write(
            f"routing: {counts['history']} dispatched cases, {counts['corrections']} "
            f"corrections, {len(extra)} rows from files → {len(records)} examples"
        )
        if len({r.category for r in records}) < 2:
            raise CommandError(
                "need dispatched cases of at least two units", returncode=EXIT_BAD_INPUT
            )
        model = routing.train_router(records, folds=max(2, options["cv"] or 5))
        model.meta["examples"] = counts
        auto = model.meta["auto_dispatch"]
        if "auto_precision" in auto:
            self.stdout.write(
                f"auto-dispatch threshold {auto['threshold']:.4f}: cross-validated precision "
                f"{auto['auto_precision']:.4f} on {auto['auto_share']:.1%} of cases"
            )
            held = auto["held_out"]
            precision = "—" if held["precision"] is None else f"{held['precision']:.4f}"
            self.stdout.write(
                f"held out ({held['n']} examples, never trained or tuned on): precision "
                f"{precision} on {held['share']:.1%} dispatched automatically"
            )
        else:
            self.stdout.write("too few examples per unit to choose a threshold: suggest only")
        out = classifier.save(model, options["out"] or routing_model_dir())
        self.stdout.write(f"routing model written to {out}")

    def _taxonomy(self, options: dict[str, Any]) -> dict[str, list[str]] | None:
        if options["no_taxonomy"]:
            return None
        explicit = options["taxonomy"]
        path = Path(explicit) if explicit else default_taxonomy_path()
        if not path.is_file():
            if explicit:
                raise CommandError(f"no taxonomy file {path}", returncode=EXIT_BAD_INPUT)
            return None
        return classifier.load_taxonomy(path)

    def _report_dropped(self, path: str, loaded: classifier.LoadedCsv) -> None:
        self.stdout.write(f"{path}: {len(loaded.records)} rows, {len(loaded.dropped)} dropped")
        for row in loaded.dropped[:20]:
            self.stderr.write(f"{path}:{row.line}: dropped {row.id or '(no id)'}: {row.reason}")

    # --- classify ------------------------------------------------------------------------

    def _classify(self, options: dict[str, Any]) -> None:
        began = time.perf_counter()
        try:
            model = classifier.load(options["model"])
        except (OSError, ValueError, EOFError) as exc:
            raise CommandError(f"cannot load model: {exc}", returncode=EXIT_BAD_INPUT) from exc
        loaded = time.perf_counter() - began
        stream = options.get("stdin") or sys.stdin
        size = max(1, options["batch_size"])
        started, count = time.perf_counter(), 0
        batch: list[tuple[Any, str]] = []
        try:
            for item in parse_lines(_lines(stream)):
                batch.append(item)
                if len(batch) >= size:
                    count += self._emit(model, batch)
                    batch = []
        except BadLine as exc:
            # Answer everything before the bad line, then stop: output stays in input order.
            self._emit(model, batch)
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from exc
        count += self._emit(model, batch)
        # Its own rate, on stderr (stdout holds only the documented lines).
        seconds = time.perf_counter() - started
        rate = count / seconds if seconds > 0 else 0.0
        self.stderr.write(f"classified {count} messages in {seconds:.2f} s "
                          f"({rate:.0f} messages/s, model loaded in {loaded:.2f} s)")

    def _emit(self, model: classifier.TriageModel, batch: list[tuple[Any, str]]) -> int:
        results = classifier.predict(model, [text for _, text in batch])
        for (rid, _), (category, confidence) in zip(batch, results, strict=True):
            line = {"id": rid, "category": category, "confidence": round(confidence, 4)}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        self.stdout.flush()
        return len(batch)


def _lines(stream: IO[Any]) -> Iterator[str | bytes]:
    # Prefer the byte stream so the input is decoded as UTF-8 whatever the locale says.
    source = getattr(stream, "buffer", stream)
    yield from source


def parse_lines(lines: Iterable[str | bytes]) -> Iterator[tuple[Any, str]]:
    """Yield (id, text) per JSON line; blank lines are skipped, anything else bad → BadLine."""
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise BadLine(number, "not valid UTF-8") from None
        if number == 1:
            raw = raw.lstrip("\ufeff")
        if not raw.strip():
            continue
        yield parse_line(number, raw)


def parse_line(number: int, raw: str) -> tuple[Any, str]:
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadLine(number, f"not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise BadLine(number, 'expected a JSON object {"id": ..., "text": ...}')
    if "id" not in item:
        raise BadLine(number, 'missing "id"')
    rid = item["id"]
    # bool is an int subclass; an id of true/false is a mistake, not an identifier.
    if isinstance(rid, bool) or not isinstance(rid, str | int):
        raise BadLine(number, f'"id" must be a string or an integer, not {_json_type(rid)}')
    if "text" not in item:
        raise BadLine(number, 'missing "text"')
    text = item["text"]
    if not isinstance(text, str):
        raise BadLine(number, f'"text" must be a string, not {_json_type(text)}')
    if not text.strip():
        raise BadLine(number, '"text" is empty')
    return rid, text


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "an array", dict: "an object", type(None): "null"})
    return names.get(type(value), type(value).__name__)
