from django.conf import settings
from django.contrib import admin
from django.utils.translation import get_language_info
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin

from .models import AuthorProfile

TRANSLATED = ["display_name", "role", "bio"]


@admin.register(AuthorProfile)
class AuthorProfileAdmin(VersionAdmin, TranslationAdmin):
    """Authors' public profiles: one box per language, with history."""

    list_display = [
        *(build_localized_fieldname("display_name", c) for c, _ in settings.LANGUAGES),
        "role",
        "slug",
        "user",
    ]
    list_select_related = ["user"]
    search_fields = ["slug", "display_name_en", "display_name_zh_hant"]
    autocomplete_fields = ["user"]
    prepopulated_fields = {"slug": ["display_name_en"]}
    fieldsets = [
        (None, {"fields": ["user", "slug"]}),
        *(
            (
                get_language_info(code)["name_local"],
                {"fields": [build_localized_fieldname(n, code) for n in TRANSLATED]},
            )
            for code, _name in settings.LANGUAGES
        ),
    ]
