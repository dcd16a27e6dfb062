"""The layers of the codebase, checked on every import (static, from the source): a module
may import its own layer and the layers below, never one above. From the bottom:

  core → regions → accounts → security (the crypto kit) → org, sla → cases (the engine)
  → the domain apps → the pages and channels → the entry points (worker, demo, commands)

Within an app, its pages (views, urls, the API routers, admin, forms, template tags) sit in
the pages layer: domain code never imports page code, of its own app or another's. Domain
apps may use each other, but never in a circle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "tongxin"

APP_LAYER = {
    "core": 0, "regions": 1, "accounts": 2, "security": 3, "org": 4, "sla": 4, "cases": 5,
    **dict.fromkeys(["notifications", "outbound", "participation", "triage", "intake",
                     "supervision", "feedback", "scoring", "hotline", "fieldapp", "analytics",
                     "records", "portal", "basedata", "sensing", "live", "areas", "mediation",
                     "whistle", "party", "councils"], 6),
    **dict.fromkeys(["workbench", "api", "open311"], 7),
    **dict.fromkeys(["worker", "demo"], 8),
}
PAGES, ENTRY, DOMAIN = 7, 8, 6
PAGE_MODULES = {"views", "urls", "api", "admin", "forms", "templatetags", "pwa", "board"}


def layer_of(parts: tuple[str, ...]) -> int:
    """parts: the module path under tongxin, e.g. ("cases", "services")."""
    if parts[0] not in APP_LAYER:
        return ENTRY  # tongxin/cli.py
    app, rest = parts[0], parts[1:]
    if "management" in rest or "migrations" in rest:
        return ENTRY  # commands are entry points; migrations run on their own
    if any(p in PAGE_MODULES or p.endswith("_views") for p in rest):
        return max(APP_LAYER[app], PAGES)
    return APP_LAYER[app]


def imports() -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    """(importer, imported, where) for every import of a tongxin module."""
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        package = parts if path.name == "__init__.py" else parts[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against the package
                    base = package[:len(package) - node.level + 1]
                    names = [".".join(("tongxin", *base, *(node.module or "").split(".")))
                             .rstrip(".")]
                    if not node.module:
                        names = [f"{names[0]}.{a.name}" for a in node.names]
                elif node.module:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("tongxin."):
                    target = tuple(p for p in name.split(".")[1:] if p)
                    if target and target[0] in APP_LAYER:
                        found.append((parts, target, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def test_no_module_imports_a_layer_above_its_own():
    upward = sorted({
        f"{where}: {'.'.join(src)} (layer {layer_of(src)}) imports {'.'.join(dst)} "
        f"(layer {layer_of(dst)})"
        for src, dst, where in imports()
        if src and src[0] in APP_LAYER and layer_of(dst) > layer_of(src)
    })
    assert upward == []


def test_the_domain_apps_use_each_other_without_a_circle():
    graph: dict[str, set[str]] = defaultdict(set)
    for src, dst, _where in imports():
        if (src and src[0] != dst[0] and layer_of(src) == DOMAIN
                and layer_of(dst) == DOMAIN):
            graph[src[0]].add(dst[0])

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n}))
                   for n in graph.get(start, ()))

    circles = sorted(f"{a} ↔ {b}" for a in list(graph) for b in graph[a]
                     if reaches(b, a, {b}))
    assert circles == []
