"""Pages of responsibility areas: the list with each segment's and chief's score, a road's
public notice board (路长公示牌, with the QR code to report there), the ranking of property
companies for the housing regulator, and the 110 desk's linkage page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.permissions import VIEW

from . import selectors
from .models import AreaKind, PoliceUnit, ResponsibilityArea, sign_minutes

PERIOD_DAYS = 30


def _period() -> tuple[datetime, datetime]:
    today = timezone.localdate()
    until = timezone.make_aware(datetime.combine(today + timedelta(days=1), time()))
    return until - timedelta(days=PERIOD_DAYS), until


def _staff(request: AuthenticatedHttpRequest) -> None:
    if not has_permission(request.user, VIEW):
        raise PermissionDenied(_("Your roles do not include responsibility areas."))


@login_required
def home(request: AuthenticatedHttpRequest):
    _staff(request)
    since, until = _period()
    by_area = {s.key: s for s in selectors.scores(request.user, by="area",
                                                   kind=AreaKind.ROAD_SEGMENT, since=since,
                                                   until=until)}
    today = timezone.localdate()
    patrolled = selectors.patrol_coverage(today)
    kinds = [(kind, label, [(a, by_area.get(str(a.pk)), patrolled.get(a.pk, 0))
                            for a in selectors.areas(kind=kind, on=today)])
             for kind, label in AreaKind.choices]
    return render(request, "areas/home.html", {
        "kinds": [k for k in kinds if k[2]], "days": PERIOD_DAYS,
        "patrols_a_day": selectors.PATROLS_A_DAY, "active_page": "areas"})


def notice(request, code: str):
    """The public notice board of a road segment: open to anyone who scans it."""
    area = get_object_or_404(ResponsibilityArea.objects.prefetch_related("chiefs"), code=code,
                             is_active=True)
    lat, lng = selectors.notice_point(area)
    report = request.build_absolute_uri(
        reverse("portal:home") + "?" + urlencode({"area": area.code}))
    svg = qrcode.make(report, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return render(request, "areas/notice.html", {
        "area": area, "report_url": report, "qr_svg": svg.decode(), "lat": lat, "lng": lng})


@login_required
def property_ranking(request: AuthenticatedHttpRequest):
    _staff(request)
    since, until = _period()
    kind = AreaKind.COMPOUND
    return render(request, "areas/property.html", {
        "companies": selectors.scores(request.user, by="department", kind=kind, since=since,
                                      until=until),
        "compounds": selectors.scores(request.user, by="compound", kind=kind, since=since,
                                      until=until),
        "days": PERIOD_DAYS, "active_page": "areas"})


@login_required
def police(request: AuthenticatedHttpRequest):
    _staff(request)
    since, until = _period()
    return render(request, "areas/police.html", {
        "rate": selectors.return_rate(request.user, since=since, until=until),
        "transfers": selectors.transfers(request.user),
        "units": PoliceUnit.objects.select_related("department"), "sign_minutes": sign_minutes(),
        "days": PERIOD_DAYS, "active_page": "areas"})
