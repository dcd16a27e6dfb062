"""A subscription written without validation (an old row, a script, a changed DNS answer) to
an internal address of any class, with another scheme or none, is checked again when the worker
delivers: the delivery ends `refused` after one logged attempt that never reached the
network, with a warning in the log, and it is never retried."""

import logging
from datetime import timedelta

import pytest

from tests.cases.loop import report
from tests.internal_addresses import INTERNAL
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import deliver_due
from tongxin.outbound.models import Delivery, DeliveryStatus
from tongxin.outbound.services import queue_for_event

from .conftest import T0

URLS = [url for url, _kind in INTERNAL] + ["ftp://files.example.com/hook", "10.0.0.1/hook"]


@pytest.fixture(autouse=True)
def nothing_allowed(settings):
    settings.TONGXIN_WEBHOOK_ALLOW = []


def test_internal_addresses_are_refused_once_and_for_all(world, subscribe, caplog):
    subscriptions = {subscribe(url=url).pk: url for url in URLS}  # no full_clean here
    case = report(world, at=T0)
    queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)

    with caplog.at_level(logging.WARNING, logger="tongxin.outbound"):
        assert deliver_due(now=T0) == {"sent": 0, "failed": 0, "dead": 0,
                                       "refused": len(URLS)}

    for delivery in Delivery.objects.all():
        url = subscriptions[delivery.subscription_id]
        assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
            DeliveryStatus.REFUSED, 1, None), url
        [attempt] = delivery.log.all()
        assert not attempt.ok and attempt.response_code is None, url
        assert attempt.error == delivery.last_error != ""
        if url.startswith("http"):  # the message says where an exception would go
            assert "TONGXIN_WEBHOOK_ALLOW" in attempt.error, url
        assert f"delivery {delivery.pk} to {url} refused" in caplog.text
    # Never again, however long the worker runs.
    for later in (timedelta(minutes=1), timedelta(hours=12), timedelta(days=30)):
        assert not any(deliver_due(now=T0 + later).values())
    assert {d.attempts for d in Delivery.objects.all()} == {1}


def test_the_log_names_the_address_class(world, subscribe):
    subscribe(url="http://169.254.169.254/latest/meta-data/")
    subscribe(url="http://10.0.0.1/")
    case = report(world, at=T0)
    queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)
    deliver_due(now=T0)
    errors = {d.target: d.last_error for d in Delivery.objects.all()}
    assert "链路本地" in errors["http://169.254.169.254/latest/meta-data/"]
    assert "私有" in errors["http://10.0.0.1/"]
