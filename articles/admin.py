"""The editors' admin. Publishing needs the ``articles.publish_article`` permission."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag as TaggitTag

from . import tag_admin
from .models import Article, Tag

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
# We use our own Tag model (Unicode slugs, a direct join table); hide taggit's.
admin.site.unregister(TaggitTag)

PUBLISH_FIELDS = ("status", "published_at", "featured")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "featured",
        "author_name",
        "updated_at",
    ]
    list_filter = ["status", "featured", "sectors", "challenges", "tags"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "sectors", "challenges"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "tags"]}),
        (_("Filing"), {"fields": ["sectors", "challenges", "author"]}),
        (_("Publishing"), {"fields": [*PUBLISH_FIELDS, "created_at", "updated_at"]}),
    ]

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request, obj=None):
        """Without the publish permission the publishing fields are not in the form,
        so a crafted POST cannot set them."""
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            fields = [*fields, *PUBLISH_FIELDS]
        return fields

    def has_change_permission(self, request, obj=None):
        """Authors may edit drafts; only publishers may edit what is published."""
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == Article.Status.PUBLISHED:
            return self.has_publish_permission(request)
        return allowed

    def get_changeform_initial_data(self, request):
        return {
            "author": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # Belt and braces: whatever reached the model, it stays a draft.
            obj.status = Article.Status.DRAFT
            obj.featured = False
        super().save_model(request, obj, form, change)

    @admin.display(description=_("author"), ordering="author__username")
    def author_name(self, obj):
        return obj.author.get_full_name() or obj.author.get_username()

    @admin.action(permissions=["publish"], description=_("Publish selected articles"))
    def publish(self, request, queryset):
        # Scheduled drafts keep their date; the rest are published now.
        count = queryset.publish()
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(permissions=["publish"], description=_("Unpublish selected articles"))
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext(
                "%d article returned to draft.", "%d articles returned to draft.", count
            )
            % count,
            messages.SUCCESS,
        )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags with their article counts; renames that would duplicate a tag offer
    a merge instead; merging has a confirmation page (articles/tag_admin.py)."""

    form = tag_admin.TagForm
    list_display = ["name", "slug", "articles"]
    search_fields = ["name"]
    readonly_fields = ["slug"]
    inlines = [tag_admin.OldSlugInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("tagged_articles"))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_merge = tag_admin.may_merge(self, request)
        return form

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("merge/", view(self.merge_view), name="articles_tag_merge"),
            path("suggest/", view(self.suggest_view), name="articles_tag_suggest"),
            *super().get_urls(),
        ]

    def merge_view(self, request, selected=None):
        return tag_admin.merge_view(self, request, selected)

    def suggest_view(self, request):
        return tag_admin.suggest_view(self, request)

    @admin.display(description=_("articles"), ordering="n")
    def articles(self, obj):
        """The count, linked to the articles that carry the tag."""
        url = reverse("admin:articles_article_changelist")
        return format_html('<a href="{}?tags__id__exact={}">{}</a>', url, obj.pk, obj.n)

    @admin.action(
        permissions=["change", "delete"], description=_("Merge selected tags…")
    )
    def merge(self, request, queryset):
        return self.merge_view(request, [tag.pk for tag in queryset])
