"""申领 → 审批 → 出库 → 归还/消耗: a request is approved, issued (the stock decremented by the
same never-negative update) and partly returned; each move is a line of the warehouse's
ledger with its balance; a step out of order is refused."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.emergency.models import StockItem
from tongxin.emergency.selectors import ledger
from tongxin.emergency.services import (
    decide_request,
    issue_request,
    receive_stock,
    request_material,
    settle_request,
)


def test_request_approve_issue_return(world, command):
    now = timezone.now()
    commander = world.user("street_a")
    receive_stock(stock_id=command.masks.pk, quantity=8, at=now, note="补充")
    req = request_material(actor=commander, stock_id=command.masks.pk, quantity=6,
                           purpose="燃气抢险", at=now)
    with pytest.raises(ValidationFailed, match="not possible now"):
        issue_request(actor=commander, request_id=req.pk, at=now)  # not approved yet
    with pytest.raises(PermissionDenied):
        decide_request(actor=world.user("handler"), request_id=req.pk, approve=True)
    decide_request(actor=world.user("dispatcher"), request_id=req.pk, approve=True, at=now)
    issue_request(actor=commander, request_id=req.pk, at=now)
    assert StockItem.objects.get(pk=command.masks.pk).quantity == 4
    settled = settle_request(actor=commander, request_id=req.pk, returned=2, at=now)
    assert settled.status == "returned"
    assert StockItem.objects.get(pk=command.masks.pk).quantity == 6
    lines = [(m.kind, m.delta, m.balance) for m in reversed(list(ledger(command.warehouse)))]
    assert lines == [("receive", 8, 10), ("issue", -6, 4), ("return", 2, 6)]

    big = request_material(actor=commander, stock_id=command.masks.pk, quantity=7, at=now)
    decide_request(actor=commander, request_id=big.pk, approve=True, at=now)
    with pytest.raises(ValidationFailed, match="6 left, 7 asked for"):
        issue_request(actor=commander, request_id=big.pk, at=now)
    consumed = request_material(actor=commander, stock_id=command.masks.pk, quantity=1, at=now)
    decide_request(actor=commander, request_id=consumed.pk, approve=True, at=now)
    issue_request(actor=commander, request_id=consumed.pk, at=now)
    assert settle_request(actor=commander, request_id=consumed.pk, returned=0,
                          at=now).status == "consumed"
