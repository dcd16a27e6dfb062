"""Media and public-opinion feeds (融媒体 / 网络舆情): RSS and Atom entries become reported cases.

`poll_feeds()` is a worker job. Each feed is claimed with a conditional update, so several
workers never fetch the same feed at once and a feed is fetched at most once per interval.
Each entry is stored in its own transaction with a FeedItem whose (feed, guid) is unique:
the same entry never becomes two cases, even when two workers race for it.

Fetching goes through the outbound guard (tongxin.core.netguard): the feed's address and
every redirect hop are checked and connected to as checked, so a feed cannot point, or
redirect, the worker at an internal host whose answer would become a case staff read.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import urllib.error
from dataclasses import dataclass
from datetime import datetime, timedelta

import feedparser
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cases.services import NewCase, create_case
from tongxin.core import netguard
from tongxin.core.errors import ValidationFailed

from .models import Feed, FeedItem

log = logging.getLogger("tongxin.feeds")

TIMEOUT = 20  # seconds; one slow site must not hold up the worker's other jobs
MAX_BYTES = 5 * 1024 * 1024
# Real feeds move (http → https, a new CMS path); a few hops, each one re-checked, suffice.
MAX_REDIRECTS = 5
USER_AGENT = "Tongxin feed poller (+https://github.com/tongxin)"


def poll_interval() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "TONGXIN_FEED_POLL_SECONDS", 300)))


class FeedError(Exception):
    """The feed could not be fetched or parsed."""


@dataclass(frozen=True)
class Fetched:
    body: bytes | None  # None: not modified since the last poll
    etag: str
    modified: str


def poll_feeds(now: datetime | None = None) -> dict[str, int]:
    """Poll every active feed that is due; a broken feed is recorded and skipped."""
    now = now or timezone.now()
    result = {"polled": 0, "cases": 0, "failed": 0}
    for feed_id in Feed.objects.filter(active=True).values_list("pk", flat=True):
        if not _claim(feed_id, now):
            continue
        feed = Feed.objects.get(pk=feed_id)
        result["polled"] += 1
        try:
            result["cases"] += poll_feed(feed=feed)
        except FeedError as exc:
            _failed(feed, str(exc), result)
            log.warning("feed %s (%s): %s", feed.name, feed.url, exc)
        except Exception as exc:  # one feed's unexpected failure must not stop the others
            _failed(feed, repr(exc), result)
            log.exception("feed %s (%s) failed", feed.name, feed.url)
    return result


def _failed(feed: Feed, error: str, result: dict[str, int]) -> None:
    result["failed"] += 1
    Feed.objects.filter(pk=feed.pk).update(last_error=error[:1000])


def _claim(feed_id: int, now: datetime) -> bool:
    # Only the worker whose update matches polls it; the others see 0 rows changed.
    due = Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=now - poll_interval())
    return Feed.objects.filter(due, pk=feed_id, active=True).update(last_polled_at=now) == 1


def poll_feed(*, feed: Feed) -> int:
    """Fetch one feed and turn its new entries into cases; returns how many were created."""
    fetched = fetch(feed.url, etag=feed.etag, modified=feed.modified)
    if fetched.body is None:
        return 0
    parsed = feedparser.parse(fetched.body)
    # feedparser is lenient: a slightly malformed feed still yields its entries. Only a
    # document it could make nothing of is an error.
    if parsed.bozo and not parsed.entries:
        raise FeedError(_("Not an RSS or Atom feed: %(error)s")
                        % {"error": parsed.get("bozo_exception", "")})
    created = sum(_take(feed, entry) for entry in parsed.entries)
    Feed.objects.filter(pk=feed.pk).update(
        etag=fetched.etag[:255], modified=fetched.modified[:100], last_error=""
    )
    return created


def fetch(url: str, *, etag: str = "", modified: str = "") -> Fetched:
    """The feed document, or body None when the server says it has not changed."""
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    opener = netguard.opener(Feed.outbound_policy(), max_redirects=MAX_REDIRECTS)
    try:
        request = netguard.request(url, headers=headers)
        with opener.open(request, timeout=TIMEOUT) as response:
            body = response.read(MAX_BYTES + 1)
            headers = response.headers
    except netguard.OutboundRefused as exc:
        raise FeedError(str(exc)) from exc
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(None, etag, modified)
        raise FeedError(_("The server answered %(code)d.") % {"code": exc.code}) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FeedError(_("Cannot fetch the feed: %(error)s") % {"error": exc}) from exc
    if len(body) > MAX_BYTES:
        raise FeedError(_("The feed is larger than %(mb)d MB.") % {"mb": MAX_BYTES >> 20})
    return Fetched(body, headers.get("ETag", ""), headers.get("Last-Modified", ""))


def _take(feed: Feed, entry) -> int:
    """Store one entry as a case unless it was stored before; 1 when a case was created."""
    guid = item_id(entry)
    if FeedItem.objects.filter(feed=feed, guid=guid).exists():
        return 0
    try:
        with transaction.atomic():
            note = _("Received from feed %(feed)s: %(link)s") % {
                "feed": feed.name, "link": entry.get("link", ""),
            }
            case = create_case(actor=None, new=_new_case(feed, entry), note=note)
            FeedItem.objects.create(feed=feed, guid=guid, case=case)
    except IntegrityError:
        # Another worker stored the same entry meanwhile; its transaction won, ours is undone.
        return 0
    except ValidationFailed as exc:
        # E.g. no default region and several districts: left for the next poll, once fixed.
        raise FeedError(str(exc)) from exc
    return 1


def item_id(entry) -> str:
    """The entry's id (RSS guid / Atom id), else its link, else a hash of its content."""
    value = entry.get("id") or entry.get("link")
    if not value:
        content = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
        value = "sha256:" + hashlib.sha256(content.encode()).hexdigest()
    return value[:255]


def _new_case(feed: Feed, entry) -> NewCase:
    summary = plain_text(entry.get("summary", ""))
    title = plain_text(entry.get("title", "")) or summary[:60] or _("Media report")
    link = entry.get("link", "")
    parts = [summary, _("Source: %(feed)s") % {"feed": feed.name}]
    if link:
        parts.append(_("Link: %(link)s") % {"link": link})
    if published := entry.get("published") or entry.get("updated"):
        parts.append(_("Published: %(at)s") % {"at": published})
    description = "\n\n".join(p for p in parts if p)
    return NewCase(channel=feed.channel, title=title, description=description, region=feed.region)


def plain_text(value: str) -> str:
    """Feed summaries are HTML; cases hold plain text."""
    without_tags = re.sub(r"<[^>]+>", " ", value or "")
    return re.sub(r"\s+", " ", html.unescape(without_tags)).strip()
