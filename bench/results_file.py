"""bench/results.json: the machine record and a locked read-modify-write shared by the
benchmarks, so each one replaces only its own key."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import platform
import tempfile
from pathlib import Path


def machine() -> dict:
    memory = None
    with contextlib.suppress(OSError, ValueError):
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "memory": f"{memory / 2**30:.1f} GiB" if memory else None,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def record(path: Path, key: str, vendor: str, figures: dict) -> None:
    """Read-modify-write: keep every key other benchmarks wrote; replace atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The lock file lives in the temp directory, not beside results.json in the repository.
    with open(Path(tempfile.gettempdir()) / "tongxin-bench-results.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = {}
        if path.exists():
            with contextlib.suppress(ValueError):
                data = json.loads(path.read_text(encoding="utf-8"))
        data.setdefault(key, {})[vendor] = figures
        data["machine"] = machine()
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
