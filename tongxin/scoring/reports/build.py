"""Generate and store a report: figures → Excel and PDF files → one Report row per kind,
region and period (generating it again replaces the files)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.core.language import in_default_language
from tongxin.regions.models import Level, Region

from ..models import Report, ReportKind
from ..periods import bounds, label, previous
from . import excel, pdf
from .data import gather


def title_of(kind: str, region: Region, start: date) -> str:
    return _("%(region)s %(kind)s %(period)s") % {
        "region": region.name, "kind": ReportKind(kind).label, "period": label(kind, start),
    }


@in_default_language
def generate(*, kind: str, region: Region, start: date, as_of: datetime | None = None,
             actor: User | None = None) -> Report:
    start, end = bounds(kind, start)
    as_of = as_of or timezone.now()
    title = title_of(kind, region, start)
    data = gather(region=region, start=start, end=end, as_of=as_of, title=title)
    xlsx, pdf_bytes = excel.write(data), pdf.write(data)
    stem = f"{kind}-{region.code}-{label(kind, start)}"
    summary = {key: value for key, _label, value in data.metric_rows}
    with transaction.atomic():
        report, _created = Report.objects.select_for_update().get_or_create(
            kind=kind, region=region, period_start=start,
            defaults={"period_end": end, "created_at": as_of, "created_by": actor},
        )
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes), save=False)
        report.summary, report.created_at, report.created_by = summary, as_of, actor
        report.period_end = end
        report.save()
    return report


def scheduled_regions() -> list[Region]:
    """Who gets the scheduled reports: every district and every street."""
    return list(Region.objects.filter(level__in=[Level.DISTRICT, Level.STREET])
                .defer("geometry").order_by("path"))


def run_schedule(now: datetime | None = None, limit: int = 1) -> dict[str, int]:
    """Worker job: the reports of the last complete periods that do not exist yet — so the
    日分析 of yesterday appears each morning, the 周总结 on Monday, the 月通报 on the 1st.
    Only what is missing is generated, so it catches up after downtime; at most `limit` per
    call, so one round of the worker (which also runs the deadline sweep) stays short."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    made = 0
    for kind in ReportKind.values:
        start, _end = previous(kind, today)
        existing = set(Report.objects.filter(kind=kind, period_start=start)
                       .values_list("region_id", flat=True))
        for region in scheduled_regions():
            if made >= limit:
                return {"reports": made}
            if region.pk not in existing:
                generate(kind=kind, region=region, start=start, as_of=now)
                made += 1
    return {"reports": made}
