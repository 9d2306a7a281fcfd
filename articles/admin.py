"""The editors' admin: the article workflow (articles/workflow.py), previews,
history (django-reversion) and no lost updates (articles/admin_forms.py)."""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.db.models.functions import Now
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from taggit.models import Tag as TaggitTag

from . import tag_admin, workflow
from .admin_forms import ArticleAdminForm
from .admin_import import import_urls
from .admin_views import EditorialViews
from .models import Article, Tag
from .search import text as search
from .search.engines import engine
from .translating import TranslationViews
from .visibility import Status

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
# We use our own Tag model (Unicode slugs, a direct join table); hide taggit's.
admin.site.unregister(TaggitTag)

# What only editors set; authors see them, or not at all.
EDITOR_FIELDS = ("published_at", "featured", "author", "shared_with")


class StateFilter(admin.SimpleListFilter):
    """Draft, in review, scheduled, published (public now), archived."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, Status.DRAFT.label),
            (Status.REVIEW, Status.REVIEW.label),
            ("scheduled", _("Scheduled")),
            (Status.PUBLISHED, Status.PUBLISHED.label),
            (Status.ARCHIVED, Status.ARCHIVED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, published_at__gt=Now())
        if value == Status.PUBLISHED:
            return queryset.published()
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


# Translations (articles/translating.py): the language filter, the
# "Translations" column, "Lacks a translation" and "Start a translation".
@admin.register(Article)
class ArticleAdmin(TranslationViews, EditorialViews, VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "state",
        "published_at",
        "featured",
        "author_name",
        "updated_at",
    ]
    list_editable = ["featured"]
    list_filter = [StateFilter, "featured", "sectors", "challenges", "tags"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    # Searched with the site's index (get_search_results), and by exact slug.
    search_fields = ["slug"]
    search_help_text = _(
        "Words from the title, summary, body or tags, in any language; or a slug."
    )
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "shared_with", "sectors", "challenges"]
    readonly_fields = ["state", "created_at", "updated_at"]
    actions = ["publish", "unpublish", "archive", "start_translations"]
    save_as = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "body", "tags"]}),
        (_("Image"), {"fields": ["hero_image", "hero_alt"]}),
        (_("Filing"), {"fields": ["sectors", "challenges", "author", "shared_with"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "state",
                    "status",
                    "published_at",
                    "featured",
                    "created_at",
                    "updated_at",
                    "seen_version",
                ]
            },
        ),
    ]
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"

    # Who sees and edits what. -------------------------------------------------

    def get_urls(self):
        return import_urls(self) + super().get_urls()  # before "<object_id>/"

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def get_queryset(self, request):
        """Editors see every article; authors theirs and those shared with them."""
        articles = super().get_queryset(request)
        if workflow.is_editor(request.user):
            return articles
        return articles.filter(workflow.theirs(request.user)).distinct()

    def get_search_results(self, request, queryset, search_term):
        """The search index's matches (drafts too), or the article whose slug
        it is: the same ranking-free matching the site's feeds use."""
        query = search.parse(search_term)
        if not query:
            return super().get_search_results(request, queryset, search_term)
        found = engine().matching(Article.objects.all(), query).values("pk")
        return queryset.filter(Q(pk__in=found) | Q(slug=search_term.strip())), False

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if not allowed or obj is None or workflow.is_editor(request.user):
            return allowed
        return workflow.is_theirs(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return workflow.may_edit(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"editor": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not workflow.is_editor(request.user):
            fields = [*fields, *EDITOR_FIELDS]
        return fields

    def get_fieldsets(self, request, obj=None):
        """Authors see no other user's record: not the sharing list either."""
        fieldsets = super().get_fieldsets(request, obj)
        if workflow.is_editor(request.user):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f != "shared_with"],
                },
            )
            for name, options in fieldsets
        ]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not workflow.is_editor(request.user):
            changelist.list_editable = ()  # "featured" is an editor's choice
        return changelist

    def get_changeform_initial_data(self, request):
        return {
            "author": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def view_on_site(self, obj):
        """The public page once it is public; its preview until then."""
        if obj.is_public():
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        """Every way a form reaches here (the form, list_editable, "save as new",
        a crafted POST) is checked again: the byline and the state."""
        if not workflow.is_editor(request.user):
            if obj.pk is None:
                obj.author = request.user  # the byline is the author themself
            if obj.featured and obj.featured != getattr(
                form.initial, "featured", False
            ):
                obj.featured = False
        workflow.check_move(request.user, obj)
        before = obj.loaded_status
        super().save_model(request, obj, form, change)
        self.log_move(request, before, obj)

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        if getattr(form, "conflict", None) is not None:
            context["conflict_rows"] = form.conflict_rows()
        original = context.get("original")
        if original is not None:
            context["article_state"] = workflow.state_of(original)
            context["moves"] = self.moves_for(request, original)
            context["preview_links"] = [
                (
                    link,
                    request.build_absolute_uri(link.get_absolute_url()),
                    workflow.is_editor(request.user) or link.created_by == request.user,
                )
                for link in original.preview_links.active().select_related("created_by")
            ]
        return super().render_change_form(request, context, *args, **kwargs)

    def moves_for(self, request, article):
        """The state buttons above the form: (status, label)."""
        labels = {
            Status.REVIEW: _("Submit for review"),
            Status.DRAFT: _("Return to draft")
            if article.status != Status.PUBLISHED
            else _("Unpublish"),
            Status.PUBLISHED: _("Publish"),
            Status.ARCHIVED: _("Archive"),
        }
        allowed = workflow.next_states(request.user, article) - {article.status}
        return [(status, labels[status]) for status in Status if status in allowed]

    # The list. -----------------------------------------------------------------

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        return workflow.state_of(obj)

    @admin.display(description=_("author"), ordering="author__username")
    def author_name(self, obj):
        return obj.author.get_full_name() or obj.author.get_username()

    @admin.action(permissions=["publish"], description=_("Publish selected articles"))
    def publish(self, request, queryset):
        # Scheduled drafts keep their date; the rest are published now.
        count = self._bulk_move(request, queryset, "publish")
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(permissions=["publish"], description=_("Unpublish selected articles"))
    def unpublish(self, request, queryset):
        count = self._bulk_move(request, queryset, "unpublish")
        self.message_user(
            request,
            ngettext(
                "%d article returned to draft.", "%d articles returned to draft.", count
            )
            % count,
            messages.SUCCESS,
        )

    @admin.action(permissions=["publish"], description=_("Archive selected articles"))
    def archive(self, request, queryset):
        count = self._bulk_move(request, queryset, "archive")
        self.message_user(
            request,
            ngettext("%d article archived.", "%d articles archived.", count) % count,
            messages.SUCCESS,
        )

    def _bulk_move(self, request, queryset, method):
        """Move many at once; log and keep a revision of each one moved."""
        before = dict(queryset.values_list("pk", "status"))
        count = getattr(queryset.model.objects.filter(pk__in=before), method)()
        with reversion.create_revision():
            reversion.set_user(request.user)
            for article in Article.objects.filter(pk__in=before):
                if article.status != before[article.pk]:
                    reversion.add_to_revision(article)
                    self.log_move(request, before[article.pk], article)
        return count


@admin.register(Tag)
class TagAdmin(VersionAdmin):
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
