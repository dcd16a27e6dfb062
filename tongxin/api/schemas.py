"""Typed request and response bodies of /api/v1 (the OpenAPI document is generated from them).

Inputs forbid unknown fields, so a misspelt field is a clear 422 instead of silently ignored.
Places and units are referred to by their codes (as in the reference endpoints), cases by id.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from tongxin.cases.models import Channel, Rating, Status, Urgency

ChannelCode = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(Status.values)]  # type: ignore[valid-type]
UrgencyCode = Literal[tuple(Urgency.values)]  # type: ignore[valid-type]
RatingCode = Literal[tuple(Rating.values)]  # type: ignore[valid-type]
KindCode = Literal["open", "suspended", "closed"]
MAX_ATTACHMENTS = 10
MAX_ID = 2**63 - 1  # a bigger number cannot be a row id and would overflow the database
# Free text sent in a GET query string: 300 characters, at most ~2.7 KB once percent-encoded,
# fit under the 4 KB request line gunicorn accepts (longer answers HTTP 414 before Django).
QUERY_TEXT = 300
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def check_text(value):
    """Refuse NUL and unpaired surrogates: no database column can store them."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("must be valid Unicode text") from None
    elif isinstance(value, list):
        for item in value:
            check_text(item)
    return value


class Checked(Schema):
    @field_validator("*", mode="after")
    @classmethod
    def _text(cls, value):
        return check_text(value)


class Input(Checked):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- errors


class FieldError(Schema):
    field: str
    message: str
    type: str = ""


class ErrorOut(Schema):
    detail: str = Field(description="A sentence saying what is wrong.")
    errors: list[FieldError] | None = None


# ---------------------------------------------------------------- reference data


class Ref(Schema):
    code: str
    name: str


class CategoryOut(Schema):
    code: str
    name: str
    level: int
    parent: str | None = Field(description="code of the parent category")
    lead_department: str | None = Field(description="code of the default lead department")


class DepartmentOut(Schema):
    code: str
    name: str
    short_name: str
    region: str = Field(description="code of the district or street the unit belongs to")


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None
    center_lat: float | None
    center_lng: float | None


# ---------------------------------------------------------------- cases


class CaseIn(Input):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    category: str | None = Field(None, max_length=32, description="category code")
    region: str | None = Field(
        None, max_length=32, description="region code; otherwise located from lat/lng"
    )
    lat: float | None = Field(None, ge=-90, le=90, description="WGS-84 latitude")
    lng: float | None = Field(None, ge=-180, le=180, description="WGS-84 longitude")
    address: str = Field("", max_length=255)
    reporter_name: str = Field("", max_length=50)
    reporter_phone: str = Field("", max_length=20)
    reporter_id_number: str = Field(
        "", max_length=18, pattern=r"^(\d{17}[\dXx])?$",
        description="resident ID number (18 characters); stored SM4-encrypted",
    )
    reporter_email: str = Field(
        "", max_length=254, description="the outcome is also sent here by e-mail"
    )
    urgency: UrgencyCode = Urgency.NORMAL  # type: ignore[valid-type,assignment]
    channel: ChannelCode | None = Field(  # type: ignore[valid-type]
        None, description="ignored for channel tokens: their cases carry the token's channel"
    )
    attachments: list[Id] = Field(
        default_factory=list, max_length=MAX_ATTACHMENTS, description="ids from POST /uploads"
    )

    @field_validator("reporter_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("not a valid e-mail address") from None
        return value


class CaseOut(Schema):
    id: int
    number: str
    title: str
    description: str
    channel: str
    status: StatusCode  # type: ignore[valid-type]
    status_label: str
    kind: KindCode
    urgency: str
    category: Ref | None
    lead_department: Ref | None
    district: Ref
    street: Ref | None
    community: Ref | None
    grid: Ref | None
    lat: float | None
    lng: float | None
    address: str
    outside_jurisdiction: bool = Field(
        False, description="the map point lies outside every region of the service area")
    reporter_name: str = Field(description="masked unless you may see personal data")
    reporter_phone: str = Field(description="masked unless you may see personal data")
    reporter_email: str = Field(description="masked unless you may see personal data")
    reporter_id_number: str = Field("", description="masked unless you may see personal data")
    warning: str
    rating: str
    created_at: datetime
    updated_at: datetime
    accept_deadline: datetime | None
    finish_deadline: datetime | None
    closed_at: datetime | None


class AttachmentOut(Schema):
    id: int
    kind: str
    content_type: str
    size: int
    event_id: int | None
    created_at: datetime
    url: str
    thumbnail_url: str | None


class EventOut(Schema):
    id: int
    action: str
    at: datetime
    actor: str | None
    from_status: str
    to_status: str
    note: str
    data: dict
    attachments: list[int]


class CaseDetailOut(CaseOut):
    co_departments: list[Ref]
    timeline: list[EventOut]
    attachments: list[AttachmentOut]
    actions: list[str] = Field(description="the workflow actions you may take now")


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page")


class CaseFilters(Checked):
    status: StatusCode | None = None  # type: ignore[valid-type]
    kind: KindCode | None = None
    category: str | None = Field(None, max_length=32, description="category code (and below)")
    region: str | None = Field(None, max_length=32, description="region code (and below)")
    channel: ChannelCode | None = None  # type: ignore[valid-type]
    q: str | None = Field(None, max_length=100, description="number, title, text or address")
    created_from: date | None = None
    created_to: date | None = None
    overdue: bool = False
    stage: Literal["received", "registered", "closed", "rated", "satisfied"] | None = Field(
        None, description="one stage of the dashboard's funnel (merged duplicates left out)")
    rating: Literal["rated", "satisfied"] | None = Field(
        None, description="the cases behind 满意率: rated, or satisfied and basically satisfied")
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=200)


class ActionInfo(Schema):
    action: str
    label: str
    requires: list[str]


# ---------------------------------------------------------------- uploads


class Point(Schema):
    lat: float
    lng: float


class UploadOut(Schema):
    id: int
    kind: str
    content_type: str
    size: int
    width: int | None
    height: int | None
    exif_location: Point | None = Field(
        description="where the photo says it was taken; a suggestion for the case location"
    )
