"""The notification inbox: the user's own rows only, newest first, marked read on opening.

Marking read writes Notification rows directly (they belong to the user and carry no
workflow); case data is still only reached through the jurisdiction-checked case page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.notifications.models import Notification

PAGE_SIZE = 30


def _mine(request: AuthenticatedHttpRequest) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=request.user.pk)


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = _mine(request).select_related("case")
    if request.GET.get("unread"):
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workbench/notifications.html",
                  {"page": page, "unread_only": bool(request.GET.get("unread")),
                   "active_page": "notifications"})


@login_required
@require_POST
def open_notification(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(_mine(request), pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.case_id:
        return redirect("workbench:case", pk=note.case_id)
    return redirect("workbench:notifications")


@login_required
@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    _mine(request).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("workbench:notifications")
