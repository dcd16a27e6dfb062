"""Supervision pages of the workbench: the overdue board, supervision orders (督办单) with the
unit's written reply, and the monthly red list of units.

Like the workbench views: reads through tongxin.supervision.selectors (jurisdiction-filtered),
the one write through tongxin.supervision.services; an order outside the user's area is a
plain 404.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.access import roles_of
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.models import Role, User
from tongxin.core.dates import month_text, parse_month
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.core.sections import SectionLink, section_index
from tongxin.workbench.templatetags.workbench import _span

from .models import OrderStatus, SupervisionOrder
from .selectors import (
    HONOUR_MIN_CLOSED,
    honour_list,
    month,
    orders_awaiting,
    orders_for,
    overdue_board,
    red_list,
)
from .services import may_reply, reply_order

PAGE_SIZE = 30

# Who watches the time limits of others: the overdue board and the red list.
BOARD_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER, Role.DISPATCHER})
# Who reads orders: the watchers and the units the orders are addressed to.
ORDER_ROLES = BOARD_ROLES | {Role.HANDLER}


def may_see_board(user: User) -> bool:
    return bool(roles_of(user) & BOARD_ROLES)


def may_see_orders(user: User) -> bool:
    return bool(roles_of(user) & ORDER_ROLES)


def _require(allowed: bool) -> None:
    if not allowed:
        raise DjangoPermissionDenied


class OrderReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Written reply"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Why the case is late and what the unit does about it."),
    )


@login_required
def overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(may_see_board(request.user))
    board = overdue_board(request.user).select_related("lead_department", "street", "district")
    page = Paginator(board, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for case in page.object_list:
        # `overdue_for` is annotated by the selector; the text is for the template.
        overdue_for = case.overdue_for  # type: ignore[attr-defined]
        seconds = overdue_for.total_seconds() if overdue_for else 0
        case.overdue_text = _span(max(seconds, 0))  # type: ignore[attr-defined]
    return render(request, "supervision/overdue.html",
                  {"page": page, "active_page": "overdue"})


STATUS_FILTERS = ("open", "replied", "escalated")


@login_required
def order_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(may_see_orders(request.user))
    status = request.GET.get("status") or ""
    if status not in STATUS_FILTERS:
        status = ""
    mine = request.GET.get("mine") == "1"
    orders = orders_awaiting(request.user) if mine else orders_for(request.user,
                                                                   status=status or None)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(OrderStatus.choices)
    context = {
        "page": page, "status": status, "mine": mine, "active_page": "orders",
        "now": timezone.now(),
        "filters": [(value, labels[value]) for value in STATUS_FILTERS],
    }
    return render(request, "supervision/order_list.html", context)


@login_required
def order_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require(may_see_orders(request.user))
    try:
        order = orders_for(request.user).select_related("escalated_to").get(pk=pk)
    except SupervisionOrder.DoesNotExist:
        raise Http404 from None
    can_reply = order.status != OrderStatus.REPLIED and may_reply(request.user, order)
    form = OrderReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reply_order(order_id=order.pk, actor=request.user,
                            text=form.cleaned_data["text"])
            except SupervisionOrder.DoesNotExist:
                raise Http404 from None
            except (PermissionDenied, ValidationFailed) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Your reply has been recorded."))
                return redirect("supervision:order", pk=order.pk)
        status = 400
    context = {
        "order": order, "form": form if can_reply else None, "active_page": "orders",
        "now": timezone.now(),
        "addressees": list(order.addressed_to.order_by("username")),
        "escalation": SupervisionOrder.objects.filter(escalated_from=order).first(),
    }
    return render(request, "supervision/order_detail.html", context, status=status)


def _month_of(text: str) -> date | None:
    return parse_month(text)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@login_required
def red_list_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(may_see_board(request.user))
    asked = request.GET.get("month")
    first = _month_of(asked or "")
    if first is None:
        if asked:
            messages.warning(request, _("Choose a month as YYYY-MM; showing this month."))
        first = timezone.localdate().replace(day=1)
    period = month(first.year, first.month)
    rows = red_list(*period, user=request.user)
    context = {
        "rows": rows, "honour": honour_list(*period, user=request.user),
        "honour_min": HONOUR_MIN_CLOSED, "month": first, "month_value": month_text(first),
        "previous": _shift(first, -1).strftime("%Y-%m"),
        "next": _shift(first, 1).strftime("%Y-%m"), "active_page": "red_list",
    }
    return render(request, "supervision/red_list.html", context)


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """督办: the section's pages the user may open."""
    links = []
    if may_see_orders(request.user):
        links.append(SectionLink(reverse("supervision:orders"), _("Supervision orders"),
                                 _("Orders (督办单) issued on late cases and the units' replies.")))
    if may_see_board(request.user):
        links += [
            SectionLink(reverse("supervision:overdue"), _("Overdue board"),
                        _("Cases overdue now, most overdue first.")),
            SectionLink(reverse("supervision:red_list"), _("Red list of units"),
                        _("红黑榜: the units that did well and those that let cases run late.")),
        ]
    return section_index(request, title=_("Supervision"), links=links,
                         active_page="supervision")
