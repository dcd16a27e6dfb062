from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.cases.models import Rating


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("How satisfied are you with the result?"),
                               choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
