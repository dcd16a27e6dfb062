"""/api/v1/portal: the category suggestion the report form shows while the citizen types
(signed in or anonymous)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router

from tongxin.api.schemas import QUERY_TEXT, Checked, ErrorOut, Ref
from tongxin.triage.categories import suggest_categories

router = Router(tags=["portal"])


class SuggestQuery(Checked):
    # The start of the text is plenty to suggest from, and keeps the URL under 4 KB.
    text: str = Field(..., max_length=QUERY_TEXT)


# Public: the anonymous report form (no sign-in) shows the suggestion too; it reveals only
# category names, which the portal lists anyway.
@router.get("/portal/suggest-category", response={200: list[Ref], 422: ErrorOut}, auth=None,
            operation_id="portal_suggest_category",
            summary="Categories suggested for a report's text")
def suggest(request: HttpRequest, query: Query[SuggestQuery]):
    return [{"code": c.code, "name": c.name} for c in suggest_categories(query.text)]
