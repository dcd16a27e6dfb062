"""Delivery: the worker job that sends due rows, with signing, retries and the attempt log.

Claiming: a worker takes due rows and pushes their next_attempt_at forward by a lease before
it sends anything, in one short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, a
conditional UPDATE on SQLite). Another worker then no longer sees them as due, and the
network calls happen outside any transaction. A worker that dies mid-send leaves its rows due
again once the lease runs out, so a delivery is sent at least once, normally exactly once.

Verifying a webhook (receiver side)
-----------------------------------
Every POST carries:

    X-Tongxin-Event:     e.g. "case.dispatch"
    X-Tongxin-Delivery:  the delivery id; the same for every retry, so dedupe on it
    X-Tongxin-Timestamp: Unix seconds when this attempt was signed
    X-Tongxin-Signature: "sha256=" + hex(HMAC-SHA256(secret, f"{timestamp}.{raw body}"))

The receiver recomputes the HMAC over the timestamp, a dot and the raw request body bytes
(before any JSON parsing), compares in constant time, and rejects timestamps older than a few
minutes (replays). `verify_signature` below does exactly that and may be copied as is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from tongxin.core import netguard

from .models import (
    REPORTER,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Kind,
    WebhookSubscription,
)
from .sms import mail_backend, sms_backend

log = logging.getLogger("tongxin.outbound")

TIMEOUT = 10  # seconds per webhook request
# Waits after the 1st, 2nd, … failed attempt; one more failure after the last gives up.
BACKOFF = [
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
# Longer than one send can take, so a row is never claimed twice while still being sent.
LEASE = timedelta(minutes=5)
MAX_SIGNATURE_AGE = 300  # seconds a receiver should accept a timestamp for
DUE_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


# ---------------------------------------------------------------- signing


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify_signature(secret: str, timestamp: str | int, body: bytes | str, signature: str,
                     *, max_age: int = MAX_SIGNATURE_AGE, now: float | None = None) -> bool:
    """True if `signature` is ours for this body and the timestamp is recent enough."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - ts) > max_age:
        return False  # too old (a replay) or from a clock far in the future
    raw = body.encode() if isinstance(body, str) else body
    return hmac.compare_digest(sign(secret, ts, raw), signature or "")


def encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


# ---------------------------------------------------------------- claiming


def _due(now: datetime):
    return Delivery.objects.filter(status__in=DUE_STATUSES, next_attempt_at__lte=now)


def claim(now: datetime, limit: int) -> list[int]:
    """Take up to `limit` due rows for this worker; returns their ids."""
    lease_until = now + LEASE
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(
                _due(now).order_by("next_attempt_at", "pk")
                .select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit]
            )
            Delivery.objects.filter(pk__in=ids).update(next_attempt_at=lease_until)
        return ids
    # SQLite: one writer at a time; the UPDATE re-checks the row is still due, so of two
    # workers only the first one's UPDATE matches.
    won = []
    for pk in _due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]:
        if _due(now).filter(pk=pk).update(next_attempt_at=lease_until):
            won.append(pk)
    return won


# ---------------------------------------------------------------- sending


@dataclass
class Outcome:
    ok: bool
    response_code: int | None = None
    error: str = ""
    reference: str = ""
    refused: bool = False  # the outbound guard would not connect: final, never retried


def post_webhook(delivery: Delivery) -> Outcome:
    assert delivery.subscription is not None
    body = encode(delivery.payload)
    timestamp = int(time.time())  # the real clock: the receiver checks it against its own
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Tongxin-Webhook/1",
        "X-Tongxin-Event": str(delivery.payload.get("event", "")),
        "X-Tongxin-Delivery": str(delivery.pk),
        "X-Tongxin-Timestamp": str(timestamp),
        "X-Tongxin-Signature": sign(delivery.subscription.secret, timestamp, body),
    }
    # Checked again now, not only when the subscription was saved: DNS can change and rows
    # can be written without validation. No redirects: one would turn the POST into a GET
    # without the body, so a 3xx counts as a failure.
    opener = netguard.opener(WebhookSubscription.outbound_policy())
    try:
        request = netguard.request(delivery.target, data=body, method="POST", headers=headers)
        with opener.open(request, timeout=TIMEOUT) as response:
            code = response.status
    except netguard.OutboundRefused as e:
        return Outcome(False, None, str(e)[:500], refused=True)
    except urllib.error.HTTPError as e:
        return Outcome(False, e.code, f"HTTP {e.code} {e.reason}"[:500])
    except (urllib.error.URLError, OSError, ValueError) as e:
        return Outcome(False, None, f"{type(e).__name__}: {e}"[:500])
    if 200 <= code < 300:
        return Outcome(True, code)
    return Outcome(False, code, f"HTTP {code}")


def text_target(delivery: Delivery) -> str:
    """The phone or e-mail address an SMS or e-mail goes to: the case's (decrypted) field
    for REPORTER; a row queued before targets were references still names it itself."""
    if delivery.target != REPORTER:
        return delivery.target
    case = delivery.case
    return ((case.reporter_phone if delivery.kind == Kind.SMS else case.reporter_email)
            or "").strip()


def send_text(delivery: Delivery) -> Outcome:
    backend = sms_backend() if delivery.kind == Kind.SMS else mail_backend()
    target = text_target(delivery)
    if not target:  # anonymised since it was queued: nobody to tell any more
        return Outcome(False, None, "no target (the reporter's contact was removed)",
                       refused=True)
    try:
        reference = backend.send(target, delivery.payload.get("text", ""))
    except Exception as e:  # any gateway failure is logged on the row and retried
        return Outcome(False, None, f"{type(e).__name__}: {e}"[:500])
    return Outcome(True, reference=str(reference or "")[:100])


def attempt(delivery: Delivery) -> Outcome:
    if delivery.kind == Kind.WEBHOOK:
        if delivery.subscription is None:
            return Outcome(False, None, "subscription deleted")
        return post_webhook(delivery)
    return send_text(delivery)


# ---------------------------------------------------------------- recording


def record(delivery: Delivery, outcome: Outcome, now: datetime, duration_ms: int) -> str:
    """Write the attempt to the log and move the delivery on: sent, retry later, dead or
    refused."""
    delivery.attempts += 1
    delivery.response_code = outcome.response_code
    delivery.last_error = outcome.error
    if outcome.ok:
        delivery.status, delivery.sent_at, delivery.next_attempt_at = (
            DeliveryStatus.SENT, now, None)
    elif outcome.refused:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.REFUSED, None
    elif delivery.attempts >= MAX_ATTEMPTS or _orphaned(delivery):
        delivery.status, delivery.next_attempt_at = DeliveryStatus.DEAD, None
    else:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery, number=delivery.attempts, at=now, ok=outcome.ok,
            response_code=outcome.response_code, error=outcome.error,
            reference=outcome.reference, duration_ms=duration_ms,
        )
        delivery.save(update_fields=[
            "attempts", "response_code", "last_error", "status", "sent_at", "next_attempt_at",
        ])
    return delivery.status


def _orphaned(delivery: Delivery) -> bool:
    # A webhook whose subscription was deleted has nowhere left to go: no point retrying.
    return delivery.kind == Kind.WEBHOOK and delivery.subscription_id is None


def deliver_due(now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """The worker job: send what is due; returns how many ended sent, failed, dead and
    refused."""
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "dead": 0, "refused": 0}
    ids = claim(now, limit)
    for delivery in Delivery.objects.filter(pk__in=ids).select_related("subscription", "case"):
        started = time.monotonic()
        outcome = attempt(delivery)
        status = record(delivery, outcome, now, int((time.monotonic() - started) * 1000))
        counts[status] += 1
        if outcome.refused:
            log.warning("delivery %s to %s refused, not retried: %s", delivery.pk,
                        delivery.target, outcome.error)
        elif not outcome.ok:
            log.warning("delivery %s to %s failed (attempt %s): %s", delivery.pk,
                        delivery.target, delivery.attempts, outcome.error)
    return counts
