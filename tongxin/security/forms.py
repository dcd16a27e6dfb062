from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.dates import DayInput

from .models import Category
from .selectors import AuditSearch


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Actor, action, object or address"), required=False,
                        max_length=100)
    # Not the case's 事项分类: the kind of audit event (login, export, role change …).
    category = forms.ChoiceField(label=pgettext_lazy("audit log", "Event type"), required=False,
                                 choices=[("", _("All"))] + list(Category.choices))
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=DayInput)
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=DayInput)

    def search(self) -> AuditSearch:
        if not self.is_valid():
            return AuditSearch()
        d = self.cleaned_data
        return AuditSearch(text=d["q"], category=d["category"], date_from=d["date_from"],
                           date_to=d["date_to"])


class TotpForm(forms.Form):
    code = forms.RegexField(label=_("6-digit code from your authenticator app"),
                            regex=r"^\s*\d{6}\s*$", max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                          "inputmode": "numeric"}))
