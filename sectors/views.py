"""Pages for sectors, challenges and the sector × challenge matrix."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.charts import HeatScale, monthly_chart
from articles.grouping import group_articles
from articles.models import Article
from articles.scope import Scope

from .models import Challenge, Sector

PER_GROUP = 6


def sector_list(request):
    """Every sector, with its summary and how many articles it has."""
    return render(
        request,
        "sectors/topic_list.html",
        {
            "topics": Sector.objects.with_article_counts(get_language()),
            "heading": _("Sectors"),
            "description": _(
                "How artificial intelligence is changing each part of Hong Kong's "
                "economy and society."
            ),
        },
    )


def challenge_list(request):
    """Every challenge, with its summary and how many articles it has."""
    return render(
        request,
        "sectors/topic_list.html",
        {
            "topics": Challenge.objects.with_article_counts(get_language()),
            "heading": _("Challenges"),
            "description": _(
                "The problems AI raises in Hong Kong, whatever the sector."
            ),
        },
    )


def sector_detail(request, slug):
    """A sector's articles, grouped by challenge, then an "other" group."""
    sector = get_object_or_404(Sector, slug=slug)
    return _topic_detail(request, Scope(sector=sector), "challenge", Challenge)


def challenge_detail(request, slug):
    """A challenge's articles, grouped by sector, then an "other" group."""
    challenge = get_object_or_404(Challenge, slug=slug)
    return _topic_detail(request, Scope(challenge=challenge), "sector", Sector)


def _topic_detail(request, scope, group_kind, group_model):
    """One topic's page: its articles once per group they belong to; each
    group links to its own list (the topic and the group's topic together)."""
    ((kind, topic),) = scope.chosen().items()
    groups = group_articles(
        scope.articles(), f"{group_kind}s", group_model.objects.all(), PER_GROUP
    )
    for group in groups:
        group.scope = (
            Scope(**{kind: topic, group_kind: group.topic}) if group.topic else scope
        )
    return render(
        request,
        "sectors/topic_detail.html",
        {
            "topic": topic,
            "kind": kind,
            "groups": groups,
            "scope": scope,
            "chart": monthly_chart(scope.articles()),
        },
    )


def explore(request):
    """The sector × challenge matrix: published articles at each crossing,
    each cell shaded by its count (a heat map, with a legend)."""
    language = get_language()
    sectors = Sector.objects.with_article_counts(language)
    challenges = list(Challenge.objects.with_article_counts(language))
    crossings = Article.objects.published(language).crossing_counts()
    scale = HeatScale(max(crossings.values(), default=0))
    rows = [
        (sector, [_cell(sector, c, crossings, scale) for c in challenges])
        for sector in sectors
    ]
    return render(
        request,
        "sectors/explore.html",
        {"rows": rows, "challenges": challenges, "legend": scale.legend},
    )


def _cell(sector, challenge, crossings, scale):
    """``(challenge, count, its scope, its shade)`` for one cell of the matrix."""
    count = crossings.get((sector.pk, challenge.pk), 0)
    scope = Scope(sector=sector, challenge=challenge)
    return challenge, count, scope, scale.level(count)
