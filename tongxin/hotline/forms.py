"""Forms of the knowledge-base upkeep pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.org.models import Department

from .kb_access import Keeper


class ArticleForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 10}))
    department = forms.ModelChoiceField(label=_("Owning department"),
                                        queryset=Department.objects.none())

    def __init__(self, *args, keeper: Keeper, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = keeper.departments()
        # The command centre may leave an imported answer without an owner for now.
        field.required = not keeper.everything


class KbFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("active", _("In use")), ("retired", _("Retired")), ("all", _("All")),
    ])
    stale = forms.BooleanField(label=_("Only those due for review"), required=False)
