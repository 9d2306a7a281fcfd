from django.conf import settings
from django.contrib import admin
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin

from .models import Challenge, Sector

TRANSLATED = ["name", "summary", "description"]


def translation_columns(*names):
    """The columns of ``names`` in every language: name_en, name_zh_hant…"""
    return [
        build_localized_fieldname(name, code)
        for name in names
        for code, _name in settings.LANGUAGES
    ]


class TopicAdmin(VersionAdmin, TranslationAdmin):
    """Shared by sectors and challenges: both are short, ordered taxonomies,
    written in every language (sectors/translation.py), with their history."""

    list_display = [
        *translation_columns("name"),
        "slug",
        "order",
        "published_articles",
    ]
    list_editable = ["order"]
    search_fields = [*translation_columns("name", "summary"), "keywords"]
    # Addresses are ASCII, from the English name.
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        # One box per language, English (required) first.
        *(
            (
                get_language_info(code)["name_local"],
                {
                    "fields": [
                        build_localized_fieldname(name, code) for name in TRANSLATED
                    ]
                },
            )
            for code, _name in settings.LANGUAGES
        ),
        (None, {"fields": ["slug", "order"]}),
        # What ``manage.py import_article`` and the admin's import match.
        (_("Importing"), {"fields": ["keywords"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    @admin.display(description=_("published articles"), ordering="article_count")
    def published_articles(self, obj):
        return obj.article_count


admin.site.register(Sector, TopicAdmin)
admin.site.register(Challenge, TopicAdmin)
