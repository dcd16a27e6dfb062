"""Merging duplicates into a master case: each merged reporter is told at once that their
report is handled with the master, and when the master closes its outcome goes back to every
merged reporter (also through a case merged into a merged case) and into their trails."""

from __future__ import annotations

from tests.cases.loop import act, local, report
from tongxin.cases.models import Case
from tongxin.outbound.delivery import text_target
from tongxin.outbound.models import Delivery, Kind

T0 = local(2026, 9, 21, 10)


def _drive_master_to_closed(world, master: Case) -> None:
    act(world, master, "register", "street_a", at=T0)
    act(world, master, "dispatch", "street_a", lead_department=world.departments["cg"], at=T0)
    act(world, master, "accept", "handler", at=T0)
    act(world, master, "reply", "handler", note="已更换灯泡，恢复照明", at=T0)
    act(world, master, "verify_pass", "street_a", at=T0)


def test_every_merged_reporter_gets_the_masters_outcome(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        master = report(world, reporter_phone="13800000001", at=T0)
        first = report(world, reporter_phone="13800000002", at=T0)
        second = report(world, reporter_email="lamp@example.org", at=T0)
        act(world, second, "merge", "street_a", master=first, at=T0)  # a chain: second → first
        act(world, first, "merge", "street_a", master=master, at=T0)

    merged_sms = Delivery.objects.get(case=first, kind=Kind.SMS, event__action="merge")
    assert master.number in merged_sms.payload["text"]

    with django_capture_on_commit_callbacks(execute=True):
        _drive_master_to_closed(world, master)

    for merged in (first, second):
        relay = merged.events.get(action="master_outcome")
        assert relay.note == "已更换灯泡，恢复照明" and relay.data["master"] == master.number
    sms = Delivery.objects.get(case=first, kind=Kind.SMS, event__action="master_outcome")
    assert text_target(sms) == "13800000002"
    assert master.number in sms.payload["text"] and "已更换灯泡" in sms.payload["text"]
    email = Delivery.objects.get(case=second, kind=Kind.EMAIL, event__action="master_outcome")
    assert text_target(email) == "lamp@example.org" and "已更换灯泡" in email.payload["text"]


def test_relaying_the_same_close_twice_tells_nobody_twice(
        world, django_capture_on_commit_callbacks):
    from tongxin.cases.linking import relay_master_outcome

    with django_capture_on_commit_callbacks(execute=True):
        master = report(world, at=T0)
        dup = report(world, reporter_phone="13800000003", at=T0)
        act(world, dup, "merge", "street_a", master=master, at=T0)
        _drive_master_to_closed(world, master)
    closing = master.events.get(action="verify_pass")

    master.refresh_from_db()
    assert relay_master_outcome(master, closing) == 0
    assert dup.events.filter(action="master_outcome").count() == 1
    assert Delivery.objects.filter(case=dup, event__action="master_outcome").count() == 1
