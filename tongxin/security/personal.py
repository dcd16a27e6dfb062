"""A reporter's personal data as each output shows it: masked unless revealed.

Every page, list, export and API response takes the reporter's fields from `reporter_fields`.
Full values come back only when the caller asks to reveal them, the user may (a role with
cases.view_personal, or the reporter themself), and then the reveal is an audit row.
"""

from __future__ import annotations

import re

from django.http import HttpRequest

from tongxin.accounts.access import has_permission
from tongxin.accounts.masking import (
    mask_address,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
)
from tongxin.accounts.permissions import VIEW_ADDRESS, VIEW_PERSONAL

from . import audit
from .models import Category

MASKS = {
    "reporter_name": mask_name,
    "reporter_phone": mask_phone,
    "reporter_email": mask_email,
    "reporter_id_number": mask_id_number,
}


def may_reveal(user, case) -> bool:
    return has_permission(user, VIEW_PERSONAL) or (
        case.reporter_user_id is not None and case.reporter_user_id == user.pk
    )


def address_for(user, case) -> str:
    if has_permission(user, VIEW_ADDRESS) or case.reporter_user_id == user.pk:
        return case.address
    return mask_address(case.address)


def reporter_fields(user, case, *, reveal: bool = False, request: HttpRequest | None = None,
                    channel: str = "page") -> dict:
    """{"reporter_name", "reporter_phone", "reporter_email", "reporter_id_number", "address",
    "masked"}; revealing writes a `personal/reveal` audit row."""
    full = reveal and may_reveal(user, case)
    values = {
        name: getattr(case, name) if full else mask(getattr(case, name))
        for name, mask in MASKS.items()
    }
    values["address"] = address_for(user, case)
    values["masked"] = not full
    if full and case.reporter_user_id != user.pk:
        audit.record(category=Category.PERSONAL, action="reveal", actor=user, request=request,
                     obj=case, detail={"channel": channel, "number": case.number})
    return values


# Free text (titles, descriptions, results) is written by citizens and staff and often carries
# a phone or ID number: "请回电 138-1234-5678". Separators are allowed inside a number.
_SEP = r"[\s\-‐–—.]?"
MOBILE_IN_TEXT = re.compile(r"(?<![\dA-Za-z])(?:\+?86" + _SEP + r")?1[3-9]\d(?:" + _SEP
                            + r"\d){8}(?!\d)")
ID_IN_TEXT = re.compile(r"(?<![\dA-Za-z])\d{6}" + _SEP + r"\d{8}" + _SEP + r"\d{3}[\dXx](?![\d])")
LANDLINE_IN_TEXT = re.compile(r"(?<!\d)0\d{2,3}" + _SEP + r"\d{7,8}(?!\d)")
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _stars(match: re.Match) -> str:
    return "".join("*" if ch.isalnum() else ch for ch in match.group())


def scrub_text(text: str, *known: str) -> str:
    """Free text with phone, ID and landline numbers and e-mail addresses masked, and the
    `known` values (the reporter's own name, phone …) replaced wherever they appear."""
    text = text or ""
    for value in sorted({v.strip() for v in known if v and len(v.strip()) >= 2}, key=len,
                        reverse=True):
        text = text.replace(value, "*" * len(value))
    for pattern in (ID_IN_TEXT, MOBILE_IN_TEXT, LANDLINE_IN_TEXT, EMAIL_IN_TEXT):
        text = pattern.sub(_stars, text)
    return text


def scrub_case_text(case, text: str) -> str:
    """`scrub_text` knowing the case's own reporter."""
    return scrub_text(text, case.reporter_name, case.reporter_phone, case.reporter_id_number,
                      case.reporter_email)
