"""Pages for sectors, challenges and the sector × challenge matrix."""

from functools import partial

from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import edition
from articles.cards import cards
from articles.charts import HeatScale, chart_of
from articles.grouping import group_articles
from articles.scope import Scope
from hkai.kept import Kept, rendering

from .models import Challenge, Sector

PER_GROUP = 6
MATRIX = "sectors/includes/matrix.html"
# The explore matrix, per language and address prefix.
_matrices = Kept(lambda: 16)


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
    return _topic_detail(request, Scope(sector=sector), "challenge")


def challenge_detail(request, slug):
    """A challenge's articles, grouped by sector, then an "other" group."""
    challenge = get_object_or_404(Challenge, slug=slug)
    return _topic_detail(request, Scope(challenge=challenge), "sector")


def _topic_detail(request, scope, group_kind):
    """One topic's page: its articles once per group they belong to; each
    group links to its own list (the topic and the group's topic together).
    Grouped, counted and charted on the index of public articles, the cards
    kept (articles/cards.py)."""
    ((kind, topic),) = scope.chosen().items()
    index = edition.current()
    within = index.mask(scope)
    groups = group_articles(index, within, group_kind, PER_GROUP)
    shown = cards(
        index, scope.language, {i: (g.articles, False) for i, g in enumerate(groups)}
    )
    for i, group in enumerate(groups):
        group.articles = shown[i]
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
            "chart": chart_of(partial(index.per_month, within)),
        },
    )


def explore(request):
    """The sector × challenge matrix: published articles at each crossing,
    each cell shaded by its count (a heat map, with a legend). Counted on the
    index of public articles, and kept by the process while it is right (it
    depends on nothing else: hkai/kept.py)."""
    index = edition.current()
    key = rendering("explore")
    # The index's ``until`` too: a scheduled article coming due changes the
    # counts without moving the public version.
    version = (index.version, index.until)
    matrix = _matrices.get(version, key)
    if matrix is None:
        matrix = mark_safe(render_to_string(MATRIX, _matrix(index)))
        _matrices.put(version, key, matrix)
    return render(request, "sectors/explore.html", {"matrix": matrix})


def _matrix(index):
    """What the matrix shows, counted on ``index``."""
    public = index.maps["language"].get(get_language(), 0)
    sectors = index.counted("sector", public)
    challenges = index.counted("challenge", public)
    crossings = {
        (sector.topic.pk, challenge.topic.pk): (
            public
            & index.maps["sector"].get(sector.topic.pk, 0)
            & index.maps["challenge"].get(challenge.topic.pk, 0)
        ).bit_count()
        for sector in sectors
        for challenge in challenges
    }
    scale = HeatScale(max(crossings.values(), default=0))
    rows = [
        (sector, [_cell(sector.topic, c.topic, crossings, scale) for c in challenges])
        for sector in sectors
    ]
    return {"rows": rows, "challenges": challenges, "legend": scale.legend}


def _cell(sector, challenge, crossings, scale):
    """``(challenge, count, its scope, its shade)`` for one cell of the matrix."""
    count = crossings[sector.pk, challenge.pk]
    scope = Scope(sector=sector, challenge=challenge)
    return challenge, count, scope, scale.level(count)
