from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from .models import Challenge, Sector


class TopicAdmin(VersionAdmin):
    """Shared by sectors and challenges: both are short, ordered taxonomies."""

    list_display = ["name", "slug", "summary", "order", "published_articles"]
    list_editable = ["order"]
    search_fields = ["name", "summary", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "order"]}),
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
