"""The queue filter and the new-case form. The per-action forms live in action_forms.py."""

from __future__ import annotations

import hashlib
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import User
from tongxin.cases.models import Channel, Status, Urgency
from tongxin.cases.selectors import QUEUE_STATUSES, CaseSearch
from tongxin.cases.services import NewCase

from .fields import (
    CategoryChoiceField,
    DateInput,
    MultipleFileField,
    RegionChoiceField,
    form_field,
)
from .scope import active_categories, filter_regions, place_regions


def _blank(label) -> list:
    return [("", label)]


class CaseFilterForm(forms.Form):
    queue = forms.CharField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(
        label=_("Number or text"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Case number, title, phone…"),
                                      "type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = CategoryChoiceField(label=_("Category"), queryset=None, required=False)
    region = RegionChoiceField(label=_("Street / community"), queryset=None, required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    date_from = forms.DateField(label=_("Reported from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Reported until"), required=False, widget=DateInput)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    stage = forms.ChoiceField(label=_("Funnel stage"), required=False, choices=[
        ("", _("Any stage")), ("received", _("Received (受理)")),
        ("registered", _("Registered (立案)")), ("closed", _("Closed (办结)")),
        ("rated", _("Rated (评价)")), ("satisfied", _("Satisfied (满意)"))])
    rating = forms.ChoiceField(label=_("Rating"), required=False, choices=[
        ("", _("Rated or not")), ("rated", _("Rated")),
        ("satisfied", _("Satisfied or basically satisfied"))])

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        status = form_field(self, "status", forms.ChoiceField)
        status.choices = _blank(_("All statuses")) + list(Status.choices)
        channel = form_field(self, "channel", forms.ChoiceField)
        channel.choices = _blank(_("All channels")) + list(Channel.choices)
        category = form_field(self, "category", CategoryChoiceField)
        category.queryset = active_categories()
        category.empty_label = _("All categories")
        region = form_field(self, "region", RegionChoiceField)
        region.queryset = filter_regions(user)
        region.empty_label = _("All areas")

    def search(self, default_queue: str) -> CaseSearch:
        """The search the valid fields describe; an invalid field is simply not applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        queue = data.get("queue") or default_queue
        category, region = data.get("category"), data.get("region")
        return CaseSearch(
            queue=queue if queue in QUEUE_STATUSES else "",
            text=data.get("q") or "",
            status=data.get("status") or "",
            category=category.pk if category else None,
            region=region.pk if region else None,
            channel=data.get("channel") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            overdue=bool(data.get("overdue")),
            stage=data.get("stage") or "", rating=data.get("rating") or "",
        )

    def has_filters(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(value for name, value in data.items() if name != "queue")


class NewCaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices,
                                initial=Channel.HOTLINE)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                initial=Urgency.NORMAL)
    category = CategoryChoiceField(label=_("Category"), queryset=None, required=False,
                                   empty_label=_("Not classified yet"))
    reporter_name = forms.CharField(label=_("Reporter name"), max_length=50, required=False)
    reporter_phone = forms.RegexField(
        label=_("Reporter phone"), max_length=20, required=False, regex=r"^[0-9+\- ]{3,20}$",
        error_messages={"invalid": _("Enter a phone number (digits, + and - only).")},
    )
    region = RegionChoiceField(label=_("Street / community / grid"), queryset=None,
                               required=False, empty_label=_("Locate by map point"))
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    lat = forms.FloatField(label=_("Latitude (WGS-84)"), required=False, min_value=-90,
                           max_value=90)
    lng = forms.FloatField(label=_("Longitude (WGS-84)"), required=False, min_value=-180,
                           max_value=180)
    attachments = MultipleFileField(label=_("Photos and files"))
    # Made once when the form is shown: a double click or a resent POST of the same draft is
    # the same report, stored once (the idempotency key of the one door, intake.submit_case).
    draft_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False,
                                initial=lambda: uuid.uuid4().hex)

    def clean_draft_key(self) -> str:
        # A post without one (an old page, a script) is a report of its own.
        return self.cleaned_data.get("draft_key") or uuid.uuid4().hex

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "category", CategoryChoiceField).queryset = active_categories()
        form_field(self, "region", RegionChoiceField).queryset = place_regions(user)

    def clean(self) -> dict:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data
        has_point = data.get("lat") is not None and data.get("lng") is not None
        if data.get("region") is None and not has_point:
            raise forms.ValidationError(
                _("Choose the street or community, or give the map point (latitude and "
                  "longitude).")
            )
        return data

    def fingerprint(self) -> dict:
        """What makes two posts of one draft the same report (files by content)."""
        d = self.cleaned_data
        body = {k: v for k, v in d.items() if k not in ("attachments", "draft_key")}
        body["files"] = [hashlib.sha256(f.read()).hexdigest() for f in d["attachments"]]
        for f in d["attachments"]:
            f.seek(0)
        return {k: getattr(v, "pk", v) for k, v in body.items()}

    def new_case(self) -> NewCase:
        d = self.cleaned_data
        return NewCase(
            channel=d["channel"], title=d["title"], description=d["description"],
            reporter_name=d["reporter_name"], reporter_phone=d["reporter_phone"],
            lat=d["lat"], lng=d["lng"], address=d["address"], region=d["region"],
            category=d["category"], urgency=d["urgency"],
        )
