"""Pages for sectors, challenges and the sector × challenge matrix."""

from django.shortcuts import get_object_or_404, render

from articles.feeds import FeedScope
from articles.grouping import group_articles
from articles.models import Article

from .models import Challenge, Sector

PER_GROUP = 6


def sector_list(request):
    """Every sector, with its summary and how many articles it has."""
    return render(
        request,
        "sectors/topic_list.html",
        {"topics": Sector.objects.with_article_counts(), "kind": "sector"},
    )


def challenge_list(request):
    """Every challenge, with its summary and how many articles it has."""
    return render(
        request,
        "sectors/topic_list.html",
        {"topics": Challenge.objects.with_article_counts(), "kind": "challenge"},
    )


def sector_detail(request, slug):
    """A sector's articles, grouped by challenge, then an "other" group."""
    sector = get_object_or_404(Sector, slug=slug)
    return _topic_detail(request, sector, "sector", "challenges", Challenge)


def challenge_detail(request, slug):
    """A challenge's articles, grouped by sector, then an "other" group."""
    challenge = get_object_or_404(Challenge, slug=slug)
    return _topic_detail(request, challenge, "challenge", "sectors", Sector)


def _topic_detail(request, topic, kind, group_by, group_model):
    groups = group_articles(
        topic.articles.published(), group_by, group_model.objects.all(), PER_GROUP
    )
    return render(
        request,
        "sectors/topic_detail.html",
        {
            "topic": topic,
            "kind": kind,
            "groups": groups,
            "feed": FeedScope(**{kind: topic}),
        },
    )


def explore(request):
    """The sector × challenge matrix: published articles at each crossing."""
    sectors = Sector.objects.with_article_counts()
    challenges = list(Challenge.objects.with_article_counts())
    crossings = Article.objects.published().crossing_counts()
    rows = [
        (sector, [(c, crossings.get((sector.pk, c.pk), 0)) for c in challenges])
        for sector in sectors
    ]
    return render(
        request, "sectors/explore.html", {"rows": rows, "challenges": challenges}
    )
