"""One endpoint per workflow action: POST /cases/{case_id}/actions/{action}.

Generated from the transition table, so a new action gets its endpoint (and its own input
schema in the OpenAPI document: the fields it requires are required there too) without
touching this file. The service decides legality and permission; nothing is checked twice.
"""

# No `from __future__ import annotations`: ninja reads the generated views' annotations,
# which name a schema class local to _endpoint().

from datetime import datetime
from typing import Any, cast

from django.utils.translation import gettext as _
from ninja import Field, Path, Router
from pydantic import AwareDatetime, create_model

from tongxin.cases import selectors
from tongxin.cases.services import ActionInput
from tongxin.cases.workflow import TABLE, Action, Transition
from tongxin.core.errors import ValidationFailed
from tongxin.intake.services import perform_action

from . import lookups
from .auth import ApiRequest
from .present import case_dict
from .schemas import MAX_ATTACHMENTS, MAX_ID, CaseOut, ErrorOut, Id, Input, RatingCode, UrgencyCode

router = Router(tags=["workflow actions"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 422)}
NOTE_MAX = 2000

# Optional inputs an action reads besides the ones the table says it requires.
EXTRAS: dict[Action, tuple[str, ...]] = {
    Action.REGISTER: ("category", "urgency"),
    Action.DISPATCH: ("co_departments", "category", "urgency"),
}

TYPES: dict[str, Any] = {
    "note": str,
    "lead_department": str,
    "co_departments": list[str],
    "category": str,
    "urgency": UrgencyCode,
    "master": str,
    "until": AwareDatetime,
    "rating": RatingCode,
    "plan": int,
    "level": int,
}
DESCRIPTIONS = {
    "note": "reason, result or remark",
    "lead_department": "department code of the lead unit (主办)",
    "co_departments": "department codes of co-handling units (协办)",
    "category": "category code",
    "urgency": "urgency",
    "master": "number of the case to merge into",
    "until": "requested new deadline, with a time zone offset",
    "rating": "the citizen's rating",
    "plan": "id of the emergency plan (GET /emergency/plans)",
    "level": "response level: 1, 2, 3 or 4 for Ⅰ, Ⅱ, Ⅲ, Ⅳ",
}


def input_schema(row: Transition) -> type[Input]:
    """The body of one action: `note` always (optional unless required), the inputs the table
    requires (required), the extras the action reads (optional), and `attachments`."""
    fields: dict[str, Any] = {}
    for name in dict.fromkeys(["note", *row.requires, *EXTRAS.get(row.action, ())]):
        kind, required = TYPES[name], name in row.requires
        limits: dict[str, Any] = {"description": DESCRIPTIONS[name]}
        if kind is str:
            limits["max_length"] = NOTE_MAX if name == "note" else 32
            limits["min_length"] = 1 if required else 0
        if name == "co_departments":
            limits["max_length"] = 10
        if name == "plan":
            limits.update(ge=1, le=MAX_ID)
        if name == "level":
            limits.update(ge=1, le=4)
        if required:
            fields[name] = (kind, Field(..., **limits))
        elif name == "co_departments":
            fields[name] = (kind, Field(default_factory=list, **limits))
        elif name == "note":
            fields[name] = (str, Field("", **limits))
        else:
            fields[name] = (kind | None, Field(None, **limits))
    fields["attachments"] = (
        list[Id], Field(default_factory=list, max_length=MAX_ATTACHMENTS,
                        description="ids from POST /uploads")
    )
    name = "".join(p.capitalize() for p in str(row.action).split("_")) + "In"
    return create_model(name, __base__=Input, **fields)


def to_action_input(request: ApiRequest, payload: Input) -> ActionInput:
    data = payload.model_dump()
    master = None
    if data.get("master"):
        try:
            master = selectors.get_case(request.auth, number=data["master"])
        except selectors.Case.DoesNotExist:
            raise ValidationFailed(
                _("No case numbered “%(number)s” that you can see.") % {"number": data["master"]}
            ) from None
    until: datetime | None = data.get("until")
    return ActionInput(
        note=(data.get("note") or "").strip(),
        lead_department=lookups.department(data.get("lead_department")),
        co_departments=lookups.departments(data.get("co_departments") or []),
        category=lookups.category(data.get("category")),
        urgency=data.get("urgency") or "",
        master=master,
        until=until,
        rating=data.get("rating") or "",
        plan=data.get("plan"),
        level=data.get("level"),
    )


def _endpoint(row: Transition):
    schema = input_schema(row)
    action = str(row.action)

    def view(request: ApiRequest, payload: schema,  # type: ignore[valid-type]
             case_id: int = Path(..., ge=1, le=MAX_ID)):
        case = perform_action(
            actor=request.auth, case_id=case_id, action=action,
            data=to_action_input(request, payload),
            upload_ids=cast(Input, payload).attachments,  # type: ignore[attr-defined]
        )
        # Answer with the case as it now is, even when the action took it out of the caller's
        # sight (a handler who returns a case no longer leads it).
        return case_dict(case, request.auth)

    view.__name__ = f"action_{action}"
    view.__doc__ = (
        f"Workflow action `{action}`: allowed from "
        f"{', '.join(sorted(str(s) for s in row.sources))}; needs permission "
        f"`{row.permission}` over the case ({row.scope} scope). 409 when not allowed now."
    )
    return view


for _row in TABLE:
    router.post(
        f"/cases/{{case_id}}/actions/{_row.action}", response={200: CaseOut, **ERRORS},
        operation_id=f"case_{_row.action}", summary=f"Workflow action: {_row.action}",
    )(_endpoint(_row))
