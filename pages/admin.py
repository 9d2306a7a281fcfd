from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import get_language_info
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin

from articles.text import validate_body_images

from .models import Page

BODIES = [build_localized_fieldname("body", code) for code, _ in settings.LANGUAGES]


class PageAdminForm(forms.ModelForm):
    """Refuses, in either language's body, an image from a host that is not
    allowed (articles/text.py), naming its address."""

    def clean(self):
        cleaned = super().clean()
        for name in BODIES:
            try:
                validate_body_images(cleaned.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned


@admin.register(Page)
class PageAdmin(VersionAdmin, TranslationAdmin):
    """About, Editorial policy…: one box per language, with history."""

    form = PageAdminForm
    list_display = [
        *(build_localized_fieldname("title", code) for code, _ in settings.LANGUAGES),
        "slug",
        "updated_at",
    ]
    search_fields = ["slug", "title_en", "title_zh_hant", "body_en", "body_zh_hant"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        *(
            (
                get_language_info(code)["name_local"],
                {
                    "fields": [
                        build_localized_fieldname(n, code) for n in ("title", "body")
                    ]
                },
            )
            for code, _name in settings.LANGUAGES
        ),
        (None, {"fields": ["slug"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Other pages and other sites link to a page's address: fixed once made.
        return ["slug"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields
