"""One form per workflow action: the inputs it needs, turned into services.ActionInput.

Forms only check the shape of the input (a reason is given, a date parses); whether the move
is legal and permitted is decided by services.act under the row lock.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import User
from tongxin.cases.models import Case, Rating, Urgency
from tongxin.cases.selectors import get_case
from tongxin.cases.services import ActionInput
from tongxin.emergency.models import LEVEL_NAMES, Plan
from tongxin.mediation.selectors import suggested_organisation
from tongxin.org.models import Department, DepartmentKind
from tongxin.supervision.models import ProblemType
from tongxin.triage.selectors import triage_suggestion

from .fields import CategoryChoiceField, DateTimeLocalInput, MultipleFileField, form_field
from .scope import active_categories, active_departments

NOTE_LABELS = {
    "reject": _("Reason for not accepting"),
    "return": _("Reason for returning"),
    "verify_fail": _("What is still wrong"),
    "reply": _("Result of handling"),
    "answer": _("Answer given to the reporter"),
    "close_on_spot": _("What was done on the spot"),
    "escalate": _("Why it needs the level above"),
    "adjudicate": _("Adjudication opinion"),
    "extend_request": _("Why more time is needed"),
    "extend_deny": _("Reason for denying"),
    "recall": _("Why the dispatch is taken back"),
    "reassign": _("Why another unit must lead"),
    "reopen": _("What must be reworked"),
    "supervise": _("Supervision order"),
    "refer": _("Grounds for referral"),
    "transfer_to_mediation": _("Facts of the dispute (optional)"),
    "hand_back": _("Why the mediation centre hands it back"),
    "pass_on": _("Why a department must handle it"),
    "whistle": _("What the departments are called for"),
}


# Moves that send work back or away: drawn red so they are not pressed by habit.
DANGER_ACTIONS = {"reject", "return", "verify_fail", "extend_deny", "refer", "hand_back"}


class ActionForm(forms.Form):
    """Note only, optional: one button (accept, register, verify_pass, extend_approve)."""

    note_required = False
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, action: str, case: Case, user: User, **kwargs) -> None:
        # Several action forms share one page: prefix the ids so labels stay unique.
        kwargs.setdefault("auto_id", f"id_{action}_%s")
        super().__init__(*args, **kwargs)
        self.action, self.case, self.user = action, case, user
        note = self.fields["note"]
        note.required = self.note_required
        if self.note_required:
            note.label = NOTE_LABELS.get(action, _("Note"))
            note.widget.attrs["rows"] = 3

    @property
    def danger(self) -> bool:
        return self.action in DANGER_ACTIONS

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data.get("note", "").strip())


class NoteForm(ActionForm):
    """A reason or note is required (return, reject, verify_fail, supervise, …)."""

    note_required = True


class ReferForm(NoteForm):
    """A referral to discipline inspection names the kind of problem."""

    problem_type = forms.ChoiceField(label=_("Kind of problem"), choices=ProblemType.choices)


class DispatchForm(ActionForm):
    lead_department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        label=_("Lead department"), queryset=None)
    co_departments: forms.ModelMultipleChoiceField[Department] = forms.ModelMultipleChoiceField(
        label=_("Co-handling departments"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    category = CategoryChoiceField(label=_("Category"), queryset=None, required=False,
                                   empty_label=_("Keep the current category"))
    urgency = forms.ChoiceField(label=_("Urgency"), required=False)

    field_order = ["lead_department", "co_departments", "category", "urgency", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = active_departments()
        form_field(self, "lead_department", forms.ModelChoiceField).queryset = departments
        form_field(self, "co_departments", forms.ModelMultipleChoiceField).queryset = departments
        form_field(self, "category", CategoryChoiceField).queryset = active_categories()
        form_field(self, "urgency", forms.ChoiceField).choices = [
            ("", _("Keep the current urgency")), *Urgency.choices,
        ]
        if self.case.category is not None:
            # The category's own unit is the usual answer; the dispatcher confirms or changes.
            self.fields["lead_department"].initial = (
                self.case.category.effective_lead_department()
            )
        suggested = triage_suggestion(self.case)
        if suggested is not None:  # smart triage read the whole text: its unit comes first
            self.fields["lead_department"].initial = suggested

    def to_input(self) -> ActionInput:
        d = self.cleaned_data
        return ActionInput(
            note=d.get("note", "").strip(), lead_department=d["lead_department"],
            co_departments=list(d["co_departments"]), category=d.get("category"),
            urgency=d.get("urgency") or "",
        )


class ReassignForm(NoteForm):
    """改派: another lead unit and the reason; the current one is not offered."""

    lead_department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        label=_("New lead department"), queryset=None)

    field_order = ["lead_department", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "lead_department", forms.ModelChoiceField).queryset = (
            active_departments().exclude(pk=self.case.lead_department_id or 0))

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data["note"].strip(),
                           lead_department=self.cleaned_data["lead_department"])


class TransferToMediationForm(ActionForm):
    """秒转快办: the mediation organisation that takes the dispute; the one of the case's
    community (or street, or the district centre) is offered first."""

    lead_department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        label=_("Mediation organisation"), queryset=None)

    field_order = ["lead_department", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "lead_department", forms.ModelChoiceField)
        field.queryset = active_departments().filter(kind=DepartmentKind.MEDIATION)
        field.initial = suggested_organisation(self.case)

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data.get("note", "").strip(),
                           lead_department=self.cleaned_data["lead_department"])


class WhistleForm(ActionForm):
    """吹哨: the departments called to the case; each must acknowledge in time."""

    co_departments: forms.ModelMultipleChoiceField[Department] = forms.ModelMultipleChoiceField(
        label=_("Departments to call"), queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    field_order = ["co_departments", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "co_departments", forms.ModelMultipleChoiceField).queryset = (
            active_departments().exclude(pk=self.case.lead_department_id or 0))

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data.get("note", "").strip(),
                           co_departments=list(self.cleaned_data["co_departments"]))


class ReplyForm(NoteForm):
    photos = MultipleFileField(label=_("Photos of the result"))

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data["note"].strip(),
                           attachments=self.cleaned_data["photos"])


class ExtendRequestForm(NoteForm):
    until = forms.DateTimeField(label=_("New finish deadline"), widget=DateTimeLocalInput)

    field_order = ["until", "note"]

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise forms.ValidationError(_("The new deadline must be in the future."))
        return until

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data["note"].strip(),
                           until=self.cleaned_data["until"])


class MergeForm(ActionForm):
    master = forms.CharField(label=_("Number of the case to merge into"), max_length=20)

    field_order = ["master", "note"]

    def clean_master(self) -> Case:
        number = self.cleaned_data["master"].strip()
        try:
            return get_case(self.user, number=number)
        except Case.DoesNotExist:
            raise forms.ValidationError(
                _("No case with number %(number)s in your area.") % {"number": number}
            ) from None

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data.get("note", "").strip(),
                           master=self.cleaned_data["master"])


class RateForm(ActionForm):
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices,
                               widget=forms.RadioSelect)

    field_order = ["rating", "note"]

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data.get("note", "").strip(),
                           rating=self.cleaned_data["rating"])


class StartPlanForm(ActionForm):
    """一键启动预案: the plan and the response level (Ⅰ the gravest)."""

    plan: forms.ModelChoiceField[Plan] = forms.ModelChoiceField(
        label=_("Emergency plan"), queryset=Plan.objects.filter(active=True))
    level = forms.TypedChoiceField(label=_("Response level"), coerce=int, initial=3,
                                   choices=[(n, name) for n, name in LEVEL_NAMES.items()])

    field_order = ["plan", "level", "note"]

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.cleaned_data.get("note", "").strip(),
                           plan=self.cleaned_data["plan"].pk, level=self.cleaned_data["level"])


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "start_plan": StartPlanForm,
    "register": ActionForm,
    "accept": ActionForm,
    "verify_pass": ActionForm,
    "extend_approve": ActionForm,
    "dispatch": DispatchForm,
    "reassign": ReassignForm,
    "pass_on": ReassignForm,
    "transfer_to_mediation": TransferToMediationForm,
    "whistle": WhistleForm,
    "reply": ReplyForm,
    "extend_request": ExtendRequestForm,
    "merge": MergeForm,
    "rate": RateForm,
    "refer": ReferForm,
    **{a: NoteForm for a in (
        "reject", "answer", "close_on_spot", "escalate", "adjudicate", "return",
        "extend_deny", "verify_fail", "reopen", "supervise", "recall", "hand_back",
    )},
}


def action_form(action: str, *, case: Case, user: User, data=None, files=None) -> ActionForm:
    return ACTION_FORMS[action](data, files, action=action, case=case, user=user)


def _covers_every_action() -> None:
    from tongxin.cases.workflow import Action

    assert set(ACTION_FORMS) == {a.value for a in Action}, "every workflow action has a form"


_covers_every_action()
