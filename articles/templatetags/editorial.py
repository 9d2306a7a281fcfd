"""The editors' dashboard on the admin's front page: what needs attention."""

from datetime import timedelta

from django import template
from django.db.models.functions import Now

from articles import workflow
from articles.models import Article
from articles.visibility import Status

register = template.Library()

SHOWN = 8  # rows per panel
STALE_AFTER = timedelta(days=30)


@register.inclusion_tag("admin/articles/needs_attention.html", takes_context=True)
def needs_attention(context):
    """Articles in review, scheduled next, drafts untouched for 30 days, and
    articles filed under no sector: for editors all of them, for authors
    their own."""
    user = context["request"].user
    articles = Article.objects.select_related("author")
    if not workflow.is_editor(user):
        articles = articles.filter(workflow.theirs(user)).distinct()
    panels = [
        ("review", articles.filter(status=Status.REVIEW).order_by("updated_at")),
        (
            "scheduled",
            articles.filter(status=Status.PUBLISHED, published_at__gt=Now()).order_by(
                "published_at"
            ),
        ),
        (
            "stale",
            articles.filter(
                status=Status.DRAFT, updated_at__lt=Now() - STALE_AFTER
            ).order_by("updated_at"),
        ),
        (
            "unfiled",
            articles.exclude(status=Status.ARCHIVED)
            .filter(sectors__isnull=True)
            .order_by("-updated_at"),
        ),
    ]
    return {
        "panels": [(name, list(queryset[:SHOWN])) for name, queryset in panels],
        "is_editor": workflow.is_editor(user),
    }
