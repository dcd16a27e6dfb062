"""Outbound messages are queued by the workflow itself: once the action commits, never for an
action that was refused."""

import pytest

from tests.cases.loop import drive
from tongxin.cases import services
from tongxin.cases.models import Channel
from tongxin.cases.workflow import IllegalTransition, State
from tongxin.outbound.models import Delivery, Kind

from .conftest import T0


def test_registering_queues_the_webhook_on_commit(world, subscribe,
                                                  django_capture_on_commit_callbacks):
    subscribe(name="city platform")
    case = drive(world, State.REPORTED, at=T0, channel=Channel.PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        services.act(case_id=case.pk, actor=world.user("street_a"), action="register")
    assert Delivery.objects.filter(case=case, kind=Kind.WEBHOOK, event__action="register").exists()


def test_a_refused_action_queues_nothing(world, subscribe, django_capture_on_commit_callbacks):
    subscribe(name="city platform")
    case = drive(world, State.REPORTED, at=T0, channel=Channel.PORTAL)
    before = Delivery.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IllegalTransition):
        services.act(case_id=case.pk, actor=world.user("street_a"), action="accept")
    assert Delivery.objects.count() == before
