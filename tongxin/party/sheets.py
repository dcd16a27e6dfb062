"""The quarterly sheet per employer unit: its in-service members, the community and grid
they reported to, their hours and tasks in the quarter — as an Excel workbook (openpyxl)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tongxin.core.errors import ValidationFailed
from tongxin.org.models import Department

from .models import MemberKind, PartyMember, ServiceRecord


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise ValidationFailed(_("Give a year and a quarter from 1 to 4."))
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=tz)
    end = datetime(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1, tzinfo=tz)
    return start, end


def sheet_rows(employer: Department, year: int, quarter: int) -> list[dict]:
    start, end = quarter_bounds(year, quarter)
    members = PartyMember.objects.filter(kind=MemberKind.IN_SERVICE, employer=employer)
    rows = []
    for member in members.order_by("name", "pk"):
        services = list(ServiceRecord.objects.filter(
            report__member=member, checked_in_at__gte=start, checked_in_at__lt=end)
            .select_related("report__community", "report__grid").order_by("checked_in_at"))
        report = member.reports.select_related("community", "grid").first()
        rows.append({
            "member": member.name,
            "community": report.community.name if report else "",
            "grid": report.grid.name if report and report.grid else "",
            "hours": sum((s.hours for s in services), Decimal("0")),
            "tasks": "；".join(s.task for s in services),
        })
    return rows


def quarterly_workbook(employer: Department, year: int, quarter: int) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = f"{year}Q{quarter}"
    ws.append([_("%(unit)s: in-service members' service, %(year)d Q%(quarter)d") % {
        "unit": employer.name, "year": year, "quarter": quarter}])
    ws.append([_("Member"), _("Community"), _("Grid"), _("Hours"), _("Tasks")])
    rows = sheet_rows(employer, year, quarter)
    for r in rows:
        ws.append([r["member"], r["community"], r["grid"], float(r["hours"]), r["tasks"]])
    ws.append([_("Total"), "", "", float(sum((r["hours"] for r in rows), Decimal("0"))), ""])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
