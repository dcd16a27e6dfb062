"""A reporter's personal data as each output shows it: masked unless revealed.

Every page, list, export and API response takes the reporter's fields from `reporter_fields`.
Full values come back only when the caller asks to reveal them, the user may (a role with
cases.view_personal, or the reporter themself), and then the reveal is an audit row.
"""

from __future__ import annotations

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
