"""The filter panel: for a scope, each sector, challenge, tag and year a
reader may narrow to, with how many articles they would then see.

Each dimension's counts leave that dimension's own choice out, so the panel
shows what switching to another sector would give, not zeros. One query per
dimension, whatever the number of articles.
"""

from dataclasses import dataclass

from django.db.models import Count, Func, IntegerField
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sectors.models import Challenge, Sector

from .models import Tag
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
    """Newest first, one query grouped by year in Hong Kong time."""
    rows = (
        scope.articles()
        .order_by()
        .annotate(y=LocalYear("published_at"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-y")
    )
    return [(Year(row["y"]), row["n"]) for row in rows]


class LocalYear(Func):
    """A datetime's year in the current time zone, computed by the database.

    Django's ``ExtractYear`` does that in SQL on PostgreSQL but calls a Python
    function per row on SQLite (30 ms for 8,000 articles); there, SQLite's own
    ``strftime`` with the zone's offset. Hong Kong keeps one offset all year
    (no daylight saving since 1979), so the offset of now is every date's.
    """

    output_field = IntegerField()

    def as_sql(self, compiler, connection):
        return compiler.compile(ExtractYear(*self.source_expressions))

    def as_sqlite(self, compiler, connection):
        column, params = compiler.compile(self.source_expressions[0])
        minutes = int(timezone.localtime().utcoffset().total_seconds() // 60)
        return (
            f"CAST(strftime('%%Y', {column}, %s) AS INTEGER)",
            [*params, f"{minutes:+d} minutes"],
        )
