"""Form widgets of the editors' admin."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from taggit.forms import TagWidget


class TagSuggestWidget(TagWidget):
    """taggit's comma-separated text input, plus existing tags suggested as the
    editor types (``articles/static/articles/tag-suggest.js``, which reads the
    address of the admin's suggestion endpoint from ``data-tag-suggest``).
    Without JavaScript it is the plain text input it always was."""

    class Media:
        js = [forms.Script("articles/tag-suggest.js", defer=True)]
        css = {"all": ["articles/tag-suggest.css"]}

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-tag-suggest": reverse_lazy("admin:articles_tag_suggest"),
                "data-tag-suggest-label": _("Existing tags"),
                # What a screen reader hears: the script picks the form for its
                # count (one form in Chinese; 1 and many in English).
                "data-tag-suggest-one": ngettext_lazy(
                    "%s tag suggested", "%s tags suggested", 1
                ),
                "data-tag-suggest-other": ngettext_lazy(
                    "%s tag suggested", "%s tags suggested", 2
                ),
                "autocomplete": "off",
                **(attrs or {}),
            }
        )
