"""Human labels for workflow codes, shared by the workbench, the API and notifications.

The workflow table stays pure Python (no Django, no gettext); the words people read live here,
lazily translated so the same dict serves zh-Hans and English requests.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    "report": pgettext_lazy("case action", "Report"),
    "register": pgettext_lazy("case action", "Register"),
    "reject": pgettext_lazy("case action", "Reject"),
    "merge": pgettext_lazy("case action", "Merge"),
    "answer": pgettext_lazy("case action", "Answer directly"),
    "close_on_spot": pgettext_lazy("case action", "Close on the spot"),
    "dispatch": pgettext_lazy("case action", "Dispatch"),
    "recall": pgettext_lazy("case action", "Recall dispatch"),
    "reassign": pgettext_lazy("case action", "Reassign"),
    "escalate": pgettext_lazy("case action", "Escalate"),
    "adjudicate": pgettext_lazy("case action", "Adjudicate"),
    "accept": pgettext_lazy("case action", "Sign for"),
    "return": pgettext_lazy("case action", "Return"),
    "extend_request": pgettext_lazy("case action", "Request extension"),
    "extend_approve": pgettext_lazy("case action", "Approve extension"),
    "extend_deny": pgettext_lazy("case action", "Deny extension"),
    "reply": pgettext_lazy("case action", "Report result"),
    "verify_pass": pgettext_lazy("case action", "Verification passed"),
    "verify_fail": pgettext_lazy("case action", "Reject result for rework"),
    "rate": pgettext_lazy("case action", "Rate"),
    "reopen": pgettext_lazy("case action", "Reopen for rework"),
    "supervise": pgettext_lazy("case action", "Supervise"),
    "refer": pgettext_lazy("case action", "Refer to discipline inspection"),
    "transfer_to_mediation": pgettext_lazy("case action", "Transfer to mediation"),
    "hand_back": pgettext_lazy("case action", "Hand back to the command center"),
    "pass_on": pgettext_lazy("case action", "Pass on to a department"),
    "start_plan": pgettext_lazy("case action", "Start emergency plan"),
    "whistle": pgettext_lazy("case action", "Blow the whistle"),
    # Written by tongxin.whistle: a called department's 报到, and a call it missed.
    "whistle_ack": pgettext_lazy("case action", "Reported in (whistle)"),
    "whistle_missed": pgettext_lazy("case action", "Whistle not answered in time"),
    # Written by the deadline sweep and the supervision office, not by the workflow table.
    "warn_yellow": pgettext_lazy("case action", "Yellow warning"),
    "warn_red": pgettext_lazy("case action", "Red alarm: overdue"),
    "supervise_reply": pgettext_lazy("case action", "Reply to supervision"),
    "supervise_escalated": pgettext_lazy("case action", "Supervision escalated"),
    # Written by tongxin.cases.linking.
    "link": pgettext_lazy("case action", "Relate to another case"),
    "unlink": pgettext_lazy("case action", "Remove relation"),
    "master_outcome": pgettext_lazy("case action", "Outcome of the master case"),
    # Written by the hotline console when a caller rings again about an open case.
    "repeat_call": pgettext_lazy("case action", "Repeat call"),
    # Written by tongxin.sensing when the alarm behind a case clears or is closed as false.
    "alarm_cleared": pgettext_lazy("case action", "Alarm cleared"),
    "alarm_false": pgettext_lazy("case action", "False alarm"),
    # Written by tongxin.mediation: the steps of a mediation on the case's trail.
    "mediation_describe": pgettext_lazy("case action", "Dispute described"),
    "mediation_party": pgettext_lazy("case action", "Party added"),
    "mediation_assign": pgettext_lazy("case action", "Mediator assigned"),
    "mediation_book": pgettext_lazy("case action", "Mediation session booked"),
    "mediation_record": pgettext_lazy("case action", "Session record"),
    "mediation_caucus": pgettext_lazy("case action", "Caucus note taken"),
    "mediation_failed": pgettext_lazy("case action", "Mediation failed"),
    "mediation_agreement": pgettext_lazy("case action", "Mediation agreement drawn up"),
    "mediation_sign": pgettext_lazy("case action", "Agreement signed"),
    "mediation_judicial": pgettext_lazy("case action", "Judicial confirmation"),
    "mediation_follow_up": pgettext_lazy("case action", "Follow-up visit on performance"),
    # Written by tongxin.emergency: the incident's steps on the trail of the case it started from.
    "emergency_level": pgettext_lazy("case action", "Emergency level changed"),
    "emergency_commit": pgettext_lazy("case action", "Resource committed"),
    "emergency_issue": pgettext_lazy("case action", "Stock issued"),
    "emergency_close": pgettext_lazy("case action", "Incident closed"),
}

# Queue tabs of the workbench, in the order of the closed loop (selectors.QUEUES names).
QUEUE_LABELS = {
    "reported": _("To accept"),
    "adjudicating": _("Adjudicating"),
    "registered": _("To dispatch"),
    "dispatched": _("To sign for"),
    "in_progress": _("In progress"),
    "replied": _("To verify"),
    "closed": _("Closed"),
    "overdue": _("Overdue"),
    "all": _("All"),
}


def action_label(code: str) -> str:
    """The label of an action code; unknown codes (older events) show as they are."""
    return str(ACTION_LABELS.get(code, code))
