"""A host name is judged by what it resolves to: a public-looking name whose DNS answer is a
private address is refused when the subscription is saved and, if the answer changes only
later, when the worker delivers."""

import pytest
from django.core.exceptions import ValidationError

from tests.cases.loop import report
from tests.internal_addresses import resolve_as
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import deliver_due
from tongxin.outbound.models import Delivery, DeliveryStatus, WebhookSubscription
from tongxin.outbound.services import queue_for_event

from .conftest import T0

URL = "https://hooks.city.example/12345"


def test_refused_at_save(db, monkeypatch):
    looked_up = resolve_as(monkeypatch, {"hooks.city.example": ["10.20.30.40"]})
    with pytest.raises(ValidationError) as invalid:
        WebhookSubscription(name="市平台", url=URL).full_clean()
    [error] = invalid.value.error_dict["url"]
    assert error.code == "outbound_refused"
    assert "hooks.city.example" in error.messages[0] and "10.20.30.40" in error.messages[0]
    assert looked_up == ["hooks.city.example"]


def test_refused_at_delivery_when_the_answer_changed_after_saving(world, subscribe,
                                                                  monkeypatch):
    answers = {"hooks.city.example": ["93.184.216.34"]}  # public when saved
    looked_up = resolve_as(monkeypatch, answers)
    sub = WebhookSubscription(name="市平台", url=URL)
    sub.full_clean()
    sub.save()
    answers["hooks.city.example"] = ["192.168.7.7"]  # and private at delivery time

    case = report(world, at=T0)
    queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)
    assert deliver_due(now=T0)["refused"] == 1

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.REFUSED and delivery.next_attempt_at is None
    assert "192.168.7.7" in delivery.last_error
    assert looked_up == ["hooks.city.example", "hooks.city.example"]  # saving, delivering
