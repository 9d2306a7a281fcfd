"""The filter panel: for a scope, each sector, challenge, tag and year a
reader may narrow to, with how many articles they would then see.

Each dimension's counts leave that dimension's own choice out, so the panel
shows what switching to another sector would give, not zeros. One query per
dimension, whatever the number of articles.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sectors.models import Challenge, Sector

from .models import EARLIEST_YEAR, Tag
from .scope import Year

TAGS_SHOWN = 15


@dataclass(frozen=True)
class Option:
    value: object
    count: int
    url: str
    selected: bool


@dataclass(frozen=True)
class Facet:
    kind: str
    label: str
    options: list
    clear_url: str | None  # the scope without this facet's choice, if chosen


def facets(scope, url="list_url"):
    """``[Facet, ...]`` for ``scope``; each option's link is the scope's
    ``url`` (``list_url``, ``search_url``) with that option chosen."""
    counted = {
        "sector": _topics(Sector, scope.without("sector")),
        "challenge": _topics(Challenge, scope.without("challenge")),
        "tag": _tags(scope.without("tag")),
        "year": _years(scope.without("year")),
    }
    labels = {
        "sector": _("Sector"),
        "challenge": _("Challenge"),
        "tag": _("Tag"),
        "year": _("Year"),
    }
    panel = []
    for kind, values in counted.items():
        chosen = getattr(scope, kind)
        options = [
            Option(
                value,
                count,
                getattr(scope.with_(kind, value), url),
                value == chosen,
            )
            for value, count in values
        ]
        if chosen and not any(o.selected for o in options):  # none left: say so
            options.insert(0, Option(chosen, 0, getattr(scope, url), True))
        clear = getattr(scope.without(kind), url) if chosen else None
        panel.append(Facet(kind, labels[kind], options, clear))
    return panel


def _ids(scope):
    return scope.articles().order_by().values("pk")


def _topics(model, scope):
    found = (
        model.objects.only("name", "slug")  # what is grouped by: keep it short
        .filter(articles__in=_ids(scope))
        .annotate(n=Count("articles"))
        .order_by(*model._meta.ordering)
    )
    return [(topic, topic.n) for topic in found]


def _tags(scope):
    found = (
        Tag.objects.filter(tagged_articles__content_object_id__in=_ids(scope))
        .annotate(n=Count("tagged_articles"))
        .order_by("-n", "name")[:TAGS_SHOWN]
    )
    return [(tag, tag.n) for tag in found]


def _years(scope):
    """Newest first. One conditional count per year since 1990, each a range
    of the stored times (``__year`` in Hong Kong time): grouping by an
    extracted year would run a Python function per article on SQLite."""
    years = range(timezone.localdate().year, EARLIEST_YEAR - 1, -1)
    counts = (
        scope.articles()
        .order_by()
        .aggregate(
            **{
                str(year): Count("pk", filter=Q(published_at__year=year))
                for year in years
            }
        )
    )
    return [(Year(year), counts[str(year)]) for year in years if counts[str(year)]]
