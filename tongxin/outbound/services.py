"""The outbox: the Delivery rows (webhooks, SMS, e-mail) of each case event, written by a bus
subscriber in the event's own transaction (tongxin.cases.events). A process that dies right
after the commit loses nothing: the worker sends what is queued. Inserting with
ignore_conflicts against the unique (kind, subscription, event, target) constraints makes a
second queueing of the same event a no-op, so a re-run never sends twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _

from tongxin.cases.events import Recorded
from tongxin.cases.linking import OUTCOME_ACTION
from tongxin.cases.models import Case, CaseEvent, Status
from tongxin.core.cache import ProcessCache

from .models import REPORTER, Delivery, Kind, WebhookSubscription

# The steps a citizen is told of by SMS; the internal ones in between (sign-for, escalation,
# extensions) would only be noise on a phone.
CITIZEN_MILESTONES = {
    Status.REPORTED, Status.REGISTERED, Status.REJECTED, Status.DISPATCHED, Status.REPLIED,
    Status.CLOSED,
}

# Looked up once per process, not once per event (usually there are none at all).
_SUBSCRIPTIONS = ProcessCache(lambda: list(WebhookSubscription.objects.filter(active=True)),
                              ttl=30, watch=["outbound.WebhookSubscription"])


def is_status_change(event: CaseEvent) -> bool:
    # A report has from_status "" and so counts: the receiver learns the case number.
    return event.action == "report" or event.from_status != event.to_status


def on_events(items: Sequence[Recorded]) -> None:
    """Bus subscriber: queue what each event sends, one INSERT for the batch."""
    rows = [row for item in items for row in deliveries(item.case, item.event)]
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)


def deliveries(case: Case, event: CaseEvent) -> list[Delivery]:
    """What one event sends; due from the event's own time."""
    if event.action == OUTCOME_ACTION:
        return _outcome_of_master(case, event)
    if not is_status_change(event):
        return []
    return [*_webhooks(case, event, webhook_payload(case, event)), *_texts(case, event)]


def queue_for_event(*, event_id: int) -> int:
    """Queue an event's deliveries again from the stored rows (an operator's re-send);
    returns the rows it tried to queue. Those already queued are skipped."""
    event = CaseEvent.objects.select_related("case", "case__lead_department").get(pk=event_id)
    rows = deliveries(event.case, event)
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def webhook_payload(case: Case, event: CaseEvent) -> dict:
    """What a receiver gets: the case's new state, never the reporter's personal data."""
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


def _webhooks(case: Case, event: CaseEvent, payload: dict) -> list[Delivery]:
    return [
        Delivery(subscription=s, kind=Kind.WEBHOOK, case=case, event=event, payload=payload,
                 target=s.url, next_attempt_at=event.at)
        for s in _SUBSCRIPTIONS.get() if s.channel in ("", case.channel)
    ]


def _texts(case: Case, event: CaseEvent) -> list[Delivery]:
    if event.to_status not in CITIZEN_MILESTONES:
        return []
    text = merged_text(case) if event.action == "merge" else citizen_text(case, event.to_status)
    return _to_reporter(case, event, text)


def _to_reporter(case: Case, event: CaseEvent, text: str) -> list[Delivery]:
    rows = []
    for kind, target in ((Kind.SMS, case.reporter_phone), (Kind.EMAIL, case.reporter_email)):
        if (target or "").strip():
            # The number or address itself stays in the case's encrypted field.
            rows.append(Delivery(kind=kind, case=case, event=event, payload={"text": text},
                                 target=REPORTER, next_attempt_at=event.at))
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
        # Only the dispatch text names the unit (in hand then: the dispatcher just chose it).
        unit = case.lead_department if status == Status.DISPATCHED else None
        department = unit.name if unit is not None else ""
        return template % {
            "number": case.number, "result": case.result[:60], "department": department,
        }


def merged_text(case: Case) -> str:
    with translation.override("zh-hans"):
        master = case.merged_into.number if case.merged_into is not None else ""
        return _("[Tongxin] Your report %(number)s is handled together with case %(master)s; "
                 "you will be told its outcome.") % {"number": case.number, "master": master}


def master_outcome_text(case: Case, master_number: str, result: str) -> str:
    with translation.override("zh-hans"):
        return _("[Tongxin] Your report %(number)s was handled with case %(master)s, now "
                 "closed: %(result)s") % {"number": case.number, "master": master_number,
                                         "result": result[:60]}


def _outcome_of_master(case: Case, event: CaseEvent) -> list[Delivery]:
    """The master's outcome (the relay event's note) to a merged case's reporter and to the
    webhooks of its channel."""
    master = event.data.get("master", "")
    payload = webhook_payload(case, event)
    payload["case"]["result"], payload["case"]["master"] = event.note, master
    return [*_webhooks(case, event, payload),
            *_to_reporter(case, event, master_outcome_text(case, master, event.note))]
