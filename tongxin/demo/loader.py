"""Load the demo district's base data: regions, departments, categories, accounts.

Every loader is idempotent: rows are found by their natural key (code, username) and only
written when something differs, so a second run changes nothing and a run after an
administrator's edits restores only what the demo itself defines.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from tongxin.accounts.models import Membership, User
from tongxin.hotline.models import KnowledgeArticle
from tongxin.hotline.services import SeedArticle, seed_articles
from tongxin.org.models import Category, Department, DutyKeyword
from tongxin.regions.models import Level, Region
from tongxin.sla.models import TimeLimitPolicy

from . import categories, knowledge
from .accounts import ACCOUNTS, PASSWORD, Account, department_handler
from .departments import DISTRICT_UNITS, Unit, street_office

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "zaozhuang_shizhong.json"

M = TypeVar("M", bound=models.Model)


@dataclass
class Report:
    """What a load created or changed, counted per model (printed by the command)."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def note(self, model: type[models.Model], created: bool, changed: bool = False) -> None:
        if created:
            self.created[model] += 1
        elif changed:
            self.updated[model] += 1


def upsert(obj: M | None, model: type[M], key: dict, values: dict) -> tuple[M, bool, bool]:
    """Create the row, or update only the fields that differ. Returns (row, created, changed)."""
    if obj is None:
        return model._default_manager.create(**key, **values), True, False
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return obj, False, bool(changed)


def _differs(obj: models.Model, name: str, value) -> bool:
    model_field = obj._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # a column, never a reverse relation
    if model_field.is_relation:
        # Compare ids: reading the related object would cost a query per row.
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


# ---------------------------------------------------------------- regions


def read_fixture(path: Path = FIXTURE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["regions"]


def load_regions(report: Report, path: Path = FIXTURE) -> Region:
    """District → streets → communities → grids from the fixture; returns the district."""
    records = read_fixture(path)
    existing = Region.objects.in_bulk([r["code"] for r in records], field_name="code")
    by_code: dict[str, Region] = {}
    for r in records:  # the fixture lists parents before their children
        values = {
            "name": r["name"], "level": r["level"],
            "parent": by_code[r["parent"]] if r["parent"] else None,
            "geometry": r["geometry"], "synthetic": r["synthetic"],
            "center_lng": r["center"][0], "center_lat": r["center"][1],
        }
        region, created, changed = upsert(existing.get(r["code"]), Region, {"code": r["code"]},
                                          values)
        by_code[r["code"]] = region
        report.note(Region, created, changed)
    return next(region for region in by_code.values() if region.level == Level.DISTRICT)


# ---------------------------------------------------------------- departments


def demo_units(district: Region) -> list[tuple[Unit, Region]]:
    streets = Region.objects.filter(parent=district, level=Level.STREET).order_by("code")
    return [(u, district) for u in DISTRICT_UNITS] + [
        (street_office(s.code, s.name), s) for s in streets
    ]


def load_departments(report: Report, district: Region) -> dict[str, Department]:
    units = demo_units(district)
    existing = Department.objects.in_bulk([u.code for u, _ in units], field_name="code")
    out: dict[str, Department] = {}
    for unit, region in units:
        values = {"name": unit.name, "short_name": unit.short_name, "region": region}
        dept, created, changed = upsert(existing.get(unit.code), Department, {"code": unit.code},
                                        values)
        report.note(Department, created, changed)
        have = set(dept.keywords.values_list("keyword", flat=True))
        missing = [DutyKeyword(department=dept, keyword=k) for k in unit.keywords if k not in have]
        DutyKeyword.objects.bulk_create(missing)
        report.created[DutyKeyword] += len(missing)
        out[unit.code] = dept
    return out


# ---------------------------------------------------------------- categories


def load_categories(report: Report, departments: dict[str, Department]) -> dict[str, Category]:
    """The category tree; returns categories by path ("城市管理/市政设施/路灯不亮")."""
    policies = {p.name: p for p in TimeLimitPolicy.objects.all()}
    rows = list(categories.rows())
    existing = Category.objects.in_bulk([r.code for r in rows], field_name="code")
    by_code: dict[str, Category] = {}
    by_path: dict[str, Category] = {}
    for r in rows:
        values = {
            "name": r.name, "level": r.level,
            "parent": by_code[r.parent_code] if r.parent_code else None,
            "lead_department": departments[r.department] if r.department else None,
            "policy": policies.get(r.policy) if r.policy else None,
        }
        category, created, changed = upsert(existing.get(r.code), Category, {"code": r.code},
                                            values)
        report.note(Category, created, changed)
        by_code[r.code] = by_path[r.path] = category
    return by_path


# ---------------------------------------------------------------- knowledge base

KB_SOURCE = "demo"


def load_knowledge(report: Report, departments: dict[str, Department]) -> None:
    """The hotline console's answers, each kept by its category's lead unit."""
    leads = categories.lead_units()
    added = seed_articles(source=KB_SOURCE, articles=[
        SeedArticle(a.ref, a.question, a.answer, departments[leads[a.category]])
        for a in knowledge.ANSWERS
    ])
    report.created[KnowledgeArticle] += added


# ---------------------------------------------------------------- accounts


def resolve_scope(scope: str | None, district: Region,
                  departments: dict[str, Department]) -> dict:
    if scope is None:
        return {"region": None, "department": None}
    kind, _, ref = scope.partition(":")
    if kind == "district":
        return {"region": district, "department": None}
    if kind == "dept":
        return {"region": None, "department": departments[ref]}
    street = Region.objects.get(parent=district, level=Level.STREET, name=ref)
    if kind == "street":
        return {"region": street, "department": None}
    grid = Region.objects.filter(level=Level.GRID, path__startswith=street.path).order_by("code")
    return {"region": grid.first(), "department": None}


def all_accounts(departments: dict[str, Department]) -> list[Account]:
    extra = [
        department_handler(code, dept.short_name or dept.name)
        for code, dept in departments.items() if code != "chengguan"
    ]
    return [*ACCOUNTS, *extra]


def load_account(report: Report, account: Account, district: Region,
                 departments: dict[str, Department], password_hash: Callable[[], str]) -> User:
    user = User.objects.filter(username=account.username).first()
    if user is None:
        user = User(username=account.username, display_name=account.display_name,
                    is_staff=account.superuser or account.staff, is_superuser=account.superuser,
                    password=password_hash())
        user.save()
        report.note(User, True)
    scope = resolve_scope(account.scope, district, departments)
    _, created = Membership.objects.get_or_create(user=user, role=account.role, **scope)
    report.note(Membership, created)
    return user


def load_accounts(report: Report, district: Region,
                  departments: dict[str, Department]) -> dict[str, User]:
    # One hash for all, made only if an account is missing: they share the published demo
    # password anyway, and hashing is deliberately slow (about half a second each).
    password_hash = cache(lambda: make_password(PASSWORD))
    return {
        a.username: load_account(report, a, district, departments, password_hash)
        for a in all_accounts(departments)
    }


# ---------------------------------------------------------------- all of it


@dataclass
class BaseData:
    district: Region
    departments: dict[str, Department]
    categories: dict[str, Category]
    users: dict[str, User]


def load_base(report: Report) -> BaseData:
    with transaction.atomic():
        district = load_regions(report)
        departments = load_departments(report, district)
        cats = load_categories(report, departments)
        load_knowledge(report, departments)
        users = load_accounts(report, district, departments)
    return BaseData(district, departments, cats, users)
