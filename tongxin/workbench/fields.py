"""Form fields the workbench needs and Django does not ship."""

from __future__ import annotations

from typing import TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.dates import DayInput, DayTimeInput
from tongxin.org.models import Category
from tongxin.regions.models import Region

from .scope import category_label, region_label

# What staff may upload with a case: photos, short videos, voice notes and PDF documents.
ALLOWED_UPLOAD_TYPES = frozenset({
    "image/jpeg", "image/png", "image/webp", "video/mp4", "audio/mpeg", "audio/mp4",
    "audio/webm", "audio/ogg", "application/pdf",
})
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_FILES = 9

_F = TypeVar("_F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """`form.fields[name]` as the field class it was declared with: django-stubs types every
    entry of `fields` as a plain `Field`, so setting a queryset or choices needs the real type."""
    field = form.fields[name]
    assert isinstance(field, kind)
    return field


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos (or a video / voice note) in one input: the list of uploaded files."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(
            sorted(ALLOWED_UPLOAD_TYPES))}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                _("At most %(n)d files at a time.") % {"n": MAX_UPLOAD_FILES}
            )
        return [self._check(super(MultipleFileField, self).clean(f, initial)) for f in files]

    @staticmethod
    def _check(upload):
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("“%(name)s” is larger than 20 MB.") % {"name": upload.name}
            )
        if getattr(upload, "content_type", "") not in ALLOWED_UPLOAD_TYPES:
            raise forms.ValidationError(
                _("“%(name)s” is not a photo, video, voice note or PDF.") % {"name": upload.name}
            )
        return upload


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories as an indented tree."""

    def label_from_instance(self, obj: Category) -> str:
        return category_label(obj)


class RegionChoiceField(forms.ModelChoiceField):
    """Regions as an indented tree."""

    def label_from_instance(self, obj: Region) -> str:
        return region_label(obj)


# Text inputs with a pattern, not the browser's pickers: those follow the browser's locale,
# not the page's (tongxin.core.dates).
DateInput = DayInput
DateTimeLocalInput = DayTimeInput
