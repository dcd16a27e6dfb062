from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.regions.models import Level, Region


class WishForm(forms.Form):
    title = forms.CharField(label=_("What do you wish for?"), max_length=100)
    description = forms.CharField(label=_("Details"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    region = forms.ModelChoiceField(
        label=_("Your community"),
        queryset=Region.objects.filter(level=Level.COMMUNITY).defer("geometry").order_by("path"),
    )
