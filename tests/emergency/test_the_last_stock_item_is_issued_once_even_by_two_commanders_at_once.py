"""Issuing stock never takes it below zero: asking for more than is left is refused with how
much is left, and of two commanders issuing the last item at the same moment (PostgreSQL, two
connections) exactly one succeeds and the other is told there is not enough."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone, translation

from tests.concurrently import at_once
from tongxin.core.errors import ValidationFailed
from tongxin.emergency.models import Incident, StockItem, StockMove
from tongxin.emergency.services import issue_stock

from .command import build_command, start, urgent_case


def test_issuing_more_than_is_left_is_refused_and_the_ledger_has_the_issue(world, command):
    now = timezone.now()
    case = urgent_case(world, at=now)
    start(world, command, case, level=3, at=now)
    incident = Incident.objects.get(case=case)
    commander = world.user("street_a")
    with pytest.raises(ValidationFailed, match="2 left, 3 asked for"):
        issue_stock(incident_id=incident.pk, actor=commander, stock_id=command.masks.pk,
                    quantity=3, at=now)
    move = issue_stock(incident_id=incident.pk, actor=commander, stock_id=command.masks.pk,
                       quantity=2, at=now)
    assert (move.delta, move.balance) == (-2, 0)
    stock = StockItem.objects.get(pk=command.masks.pk)
    assert stock.quantity == 0 and stock.below_minimum
    assert case.events.filter(action="emergency_issue").count() == 1
    with pytest.raises(ValidationFailed, match="0 left"):
        issue_stock(incident_id=incident.pk, actor=commander, stock_id=command.masks.pk,
                    quantity=1, at=now)
    handler = world.user("handler")
    with pytest.raises(Incident.DoesNotExist):  # a unit does not even see the origin case
        issue_stock(incident_id=incident.pk, actor=handler, stock_id=command.masks.pk,
                    quantity=1, at=now)


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="two writing connections need PostgreSQL")


@postgresql_only
def test_two_issues_of_the_last_item_at_once_exactly_one_wins(committed_world):
    world = committed_world
    now = timezone.now()
    command = build_command(world, at=now)
    StockItem.objects.filter(pk=command.masks.pk).update(quantity=1)
    incidents = []
    for _ in range(2):  # two incidents, two commanders: no case lock in common
        case = urgent_case(world, at=now)
        start(world, command, case, level=3, at=now)
        incidents.append(Incident.objects.get(case=case))
    actors = [world.user("street_a"), world.user("dispatcher")]

    def attempt(i: int) -> str:
        translation.activate("en")  # a thread of its own: the test's override is not inherited
        try:
            issue_stock(incident_id=incidents[i].pk, actor=actors[i],
                        stock_id=command.masks.pk, quantity=1, at=now)
        except ValidationFailed as refused:
            return f"refused: {refused}"
        return "issued"

    outcomes = at_once(2, attempt)
    assert sorted(outcomes) == ["issued", "refused: Not enough stock: 0 left, 1 asked for."]
    assert StockItem.objects.get(pk=command.masks.pk).quantity == 0
    assert StockMove.objects.filter(stock=command.masks).count() == 1
