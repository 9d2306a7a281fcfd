from django import forms
from django.utils.translation import gettext_lazy as _

from sectors.models import Challenge, Sector

from .models import Tag


class ArticleFilterForm(forms.Form):
    """The ``?sector=&challenge=&tag=`` filters of the article list, by slug."""

    sector = forms.ModelChoiceField(
        Sector.objects.all(), to_field_name="slug", required=False, label=_("Sector")
    )
    challenge = forms.ModelChoiceField(
        Challenge.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Challenge"),
    )
    tag = forms.ModelChoiceField(
        Tag.objects.in_use(), to_field_name="slug", required=False, label=_("Tag")
    )

    def filter(self, articles):
        """Narrow ``articles`` to every filter chosen (call once valid)."""
        for name, value in self.active().items():
            articles = articles.filter(**{f"{name}s": value})
        return articles

    def active(self):
        """The chosen filters, ``{"sector": <Sector>, ...}``, in field order."""
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if self.cleaned_data.get(name) is not None
        }
