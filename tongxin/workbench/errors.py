"""Domain errors as sentences for the page. The workflow table is pure Python and words its
refusals in English; the known ones are translated here, anything else gets a general line."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.cases.labels import action_label
from tongxin.cases.models import Status
from tongxin.cases.workflow import IllegalTransition

GUARD_REASONS = {
    "an extension request is already waiting for a decision":
        gettext_lazy("An extension request is already waiting for a decision."),
    "there is no extension request to decide":
        gettext_lazy("There is no extension request to decide."),
    "decide the extension request first":
        gettext_lazy("The extension request must be decided first."),
    "the case has already been rated": gettext_lazy("The case has already been rated."),
    "only a case rated unsatisfied can be reopened for rework":
        gettext_lazy("Only a case rated unsatisfied can be reopened for rework."),
    "the rework limit is reached; the case goes to supervision":
        gettext_lazy("The rework limit is reached; the case goes to supervision."),
    "the case has no lead department": gettext_lazy("The case has no lead department."),
    "the case was closed without a handling unit; report it again as a new case":
        gettext_lazy("The case was closed without a handling unit; report it again as a new "
                     "case."),
    "the case is already at the top of the region tree":
        gettext_lazy("The case is already at the top level and cannot be escalated."),
    "a mediation organisation has the case already; it passes it on itself":
        gettext_lazy("A mediation organisation has the case already; it passes it on itself."),
    "only a mediation organisation hands a case back or passes it on":
        gettext_lazy("Only a mediation organisation hands a case back or passes it on."),
}


def illegal_transition_message(exc: IllegalTransition) -> str:
    if exc.reason in GUARD_REASONS:
        return str(GUARD_REASONS[exc.reason])
    status = dict(Status.choices).get(exc.state, exc.state)
    return _("“%(action)s” is not possible while the case is “%(status)s”. "
             "Someone may have acted on it meanwhile; the page now shows its current state.") % {
        "action": action_label(exc.action), "status": status,
    }
