"""GET /api/v1/events/stream: every case change the caller may see, as server-sent events
(`event: case`, JSON with the case's `number` and `status`). Session or token, like every
endpoint; the stream's limits are in tongxin.live.stream."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils.translation import get_language
from ninja import Router

from tongxin.live.stream import case_stream, start_after

from .auth import ApiRequest

router = Router(tags=["events"])


@router.get("/events/stream", operation_id="case_event_stream", url_name="event_stream",
            summary="Case changes as server-sent events (text/event-stream)",
            response={200: None})
def stream(request: ApiRequest):
    """Each case change sends `event: case` with `data` a JSON object: `id`, `number`,
    `status`, `warning`, `urgency`, `title`, `lat`, `lng`, `street`, `action`, `at`, and
    `event` (also the message id). The stream ends after about half a minute with a
    `retry:` hint; EventSource reconnects and sends Last-Event-ID, so nothing is missed."""
    after = start_after(request.headers.get("Last-Event-ID") or request.GET.get("after"))
    response = StreamingHttpResponse(case_stream(request.auth, after=after,
                                                 language=get_language()),
                                     content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
