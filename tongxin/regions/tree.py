"""The region tree in process, without its polygons: a node and its ancestors cost no query.

Every report is placed on the tree (district, street, community, grid, command center); the
tree changes a few times a year (tongxin.core.cache).
"""

from __future__ import annotations

from tongxin.core.cache import ProcessCache

from .models import Region


def _load() -> dict[int, Region]:
    return {r.pk: r for r in Region.objects.defer("geometry")}


_TREE = ProcessCache(_load, ttl=60, watch=["regions.Region"])


def node(pk: int) -> Region:
    """The region `pk` (shared: read it, never change or save it)."""
    try:
        return _TREE.get()[pk]
    except KeyError:  # created by another process since the last load
        _TREE.clear()
        return _TREE.get()[pk]


def ancestors(region: Region) -> list[Region]:
    """`region`'s chain from the root down to itself."""
    return [node(int(p)) for p in region.path.strip("/").split("/") if p]


def roots() -> list[Region]:
    return [r for r in _TREE.get().values() if r.parent_id is None]


def within(region: Region, level: str | None = None) -> list[Region]:
    """`region` and its subtree (only the nodes at `level` when given)."""
    return [r for r in _TREE.get().values()
            if r.path.startswith(region.path) and (level is None or r.level == level)]
