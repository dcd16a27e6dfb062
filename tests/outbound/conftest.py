from __future__ import annotations

import pytest

from tests.cases.loop import local
from tongxin.outbound.models import WebhookSubscription

T0 = local(2026, 11, 23, 10)


@pytest.fixture
def subscribe():
    def make(url: str = "http://127.0.0.1:9/hook", **fields) -> WebhookSubscription:
        fields.setdefault("name", f"sub-{WebhookSubscription.objects.count() + 1}")
        return WebhookSubscription.objects.create(url=url, **fields)

    return make
