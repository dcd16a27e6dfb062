"""Queueing: turn a committed status change into Delivery rows, one per target.

Called once the case's transaction has committed (from notify_case_event). Inserting with
ignore_conflicts against the unique (kind, subscription, event, target) constraints makes a
second call for the same event a no-op, so a re-run never sends twice.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from tongxin.cases.models import Case, CaseEvent, Status

from .models import Delivery, Kind, WebhookSubscription

# The steps a citizen is told of by SMS; the internal ones in between (sign-for, escalation,
# extensions) would only be noise on a phone.
CITIZEN_MILESTONES = {
    Status.REPORTED, Status.REGISTERED, Status.REJECTED, Status.DISPATCHED, Status.REPLIED,
    Status.CLOSED,
}


def is_status_change(event: CaseEvent) -> bool:
    # A report has from_status "" and so counts: the receiver learns the case number.
    return event.action == "report" or event.from_status != event.to_status


def queue_for_event(*, event_id: int) -> int:
    """Queue the webhooks, SMS and e-mail for one case event; returns the rows queued."""
    event = CaseEvent.objects.select_related("case").get(pk=event_id)
    if not is_status_change(event):
        return 0
    # Due from the moment of the event, the one time the caller gave the engine; the wall
    # clock here would make a back-dated event (import, tests) wait or jump the queue.
    now = event.at
    rows = [*_webhooks(event, now), *_texts(event, now)]
    # ignore_conflicts: rows already queued for this event are skipped, not duplicated.
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def webhook_payload(event: CaseEvent) -> dict:
    """What a receiver gets: the case's new state, never the reporter's personal data."""
    case = event.case
    return {
        "event": f"case.{event.action}",
        "event_id": event.pk,
        "at": event.at.isoformat(),
        "case": {
            "number": case.number,
            "channel": case.channel,
            "from_status": event.from_status,
            "status": event.to_status,
            "title": case.title,
            # The result is public once the case is closed; before that it is internal.
            "result": case.result if event.to_status in (Status.CLOSED, Status.REJECTED) else "",
        },
    }


def _webhooks(event: CaseEvent, now) -> list[Delivery]:
    subscriptions = _subscriptions_for(event.case)
    payload = webhook_payload(event)
    return [
        Delivery(subscription=s, kind=Kind.WEBHOOK, case=event.case, event=event,
                 payload=payload, target=s.url, next_attempt_at=now)
        for s in subscriptions
    ]


def _subscriptions_for(case: Case):
    return WebhookSubscription.objects.filter(active=True).filter(
        Q(channel="") | Q(channel=case.channel)
    )


def _texts(event: CaseEvent, now) -> list[Delivery]:
    case = event.case
    if event.to_status not in CITIZEN_MILESTONES:
        return []
    text = merged_text(case) if event.action == "merge" else citizen_text(case, event.to_status)
    return _to_reporter(case, event, text, now)


def _to_reporter(case: Case, event: CaseEvent, text: str, now) -> list[Delivery]:
    rows = []
    if case.reporter_phone.strip():
        rows.append(Delivery(kind=Kind.SMS, case=case, event=event, payload={"text": text},
                             target=case.reporter_phone.strip(), next_attempt_at=now))
    # Case has no e-mail field yet; when one is added the e-mail goes out the same way.
    email = getattr(case, "reporter_email", "").strip()
    if email:
        rows.append(Delivery(kind=Kind.EMAIL, case=case, event=event, payload={"text": text},
                             target=email, next_attempt_at=now))
    return rows


def citizen_text(case: Case, status: str) -> str:
    """The short message for the reporter, always in Chinese (citizens get zh-Hans)."""
    with translation.override("zh-hans"):
        template = {
            Status.REPORTED: _("[Tongxin] Your report %(number)s has been received."),
            Status.REGISTERED: _("[Tongxin] Your report %(number)s has been accepted."),
            Status.REJECTED: _("[Tongxin] Your report %(number)s cannot be accepted: "
                               "%(result)s"),
            Status.DISPATCHED: _("[Tongxin] Your report %(number)s has been passed to "
                                 "%(department)s."),
            Status.REPLIED: _("[Tongxin] Your report %(number)s has been handled and is "
                              "being checked."),
            Status.CLOSED: _("[Tongxin] Your report %(number)s is closed: %(result)s"),
        }[Status(status)]
        department = case.lead_department.name if case.lead_department is not None else ""
        return template % {
            "number": case.number, "result": case.result[:60], "department": department,
        }


def merged_text(case: Case) -> str:
    with translation.override("zh-hans"):
        master = case.merged_into.number if case.merged_into is not None else ""
        return _("[Tongxin] Your report %(number)s is handled together with case %(master)s; "
                 "you will be told its outcome.") % {"number": case.number, "master": master}


def master_outcome_text(case: Case, master: Case) -> str:
    with translation.override("zh-hans"):
        return _("[Tongxin] Your report %(number)s was handled with case %(master)s, now "
                 "closed: %(result)s") % {"number": case.number, "master": master.number,
                                         "result": master.result[:60]}


def queue_outcome_of_master(*, event_id: int, master_id: int) -> int:
    """The master's outcome to a merged case's reporter (SMS, e-mail) and to the webhooks of
    its channel, queued once per relay event."""
    event = CaseEvent.objects.select_related("case").get(pk=event_id)
    master = Case.objects.get(pk=master_id)
    now = event.at
    payload = webhook_payload(event)
    payload["case"]["result"] = master.result
    payload["case"]["master"] = master.number
    hooks = [
        Delivery(subscription=s, kind=Kind.WEBHOOK, case=event.case, event=event,
                 payload=payload, target=s.url, next_attempt_at=now)
        for s in _subscriptions_for(event.case)
    ]
    rows = [*hooks, *_to_reporter(event.case, event, master_outcome_text(event.case, master),
                                  now)]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
