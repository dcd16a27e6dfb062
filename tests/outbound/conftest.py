from __future__ import annotations

import pytest

from tests.cases.loop import local
from tongxin.outbound.models import WebhookSubscription

T0 = local(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def loopback_receiver_allowed(settings):
    # The receiver (receiver.py) listens on 127.0.0.1, which the outbound guard refuses
    # unless an operator allow-lists it, as one would for an on-premises receiver.
    settings.TONGXIN_WEBHOOK_ALLOW = ["127.0.0.1/32"]


@pytest.fixture
def subscribe():
    def make(url: str = "http://127.0.0.1:9/hook", **fields) -> WebhookSubscription:
        fields.setdefault("name", f"sub-{WebhookSubscription.objects.count() + 1}")
        return WebhookSubscription.objects.create(url=url, **fields)

    return make
