"""Codes in request bodies → rows, with a clear message for an unknown code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.org.models import Category, Department
from tongxin.regions.models import Region


def category(code: str | None) -> Category | None:
    if not code:
        return None
    found = Category.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise ValidationFailed(_("Unknown category code “%(code)s”.") % {"code": code})
    return found


def department(code: str | None) -> Department | None:
    if not code:
        return None
    found = Department.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise ValidationFailed(_("Unknown department code “%(code)s”.") % {"code": code})
    return found


def region(code: str | None) -> Region | None:
    if not code:
        return None
    found = Region.objects.filter(code=code).first()
    if found is None:
        raise ValidationFailed(_("Unknown region code “%(code)s”.") % {"code": code})
    return found


def departments(codes: list[str]) -> list[Department]:
    return [d for d in (department(code) for code in codes) if d is not None]
