"""The filter panel: for a scope, each sector, challenge, tag and year a
reader may narrow to, with how many articles they would then see.

Each dimension's counts leave that dimension's own choice out, so the panel
shows what switching to another sector would give, not zeros. Counted on the
index of public articles (``articles.edition``): no query per dimension,
whatever the number of articles; one each for the sectors', challenges' and
tags' names.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sectors.models import Challenge, Sector

from . import edition as editions
from .models import Tag
from .scope import Year
from .search.engines import engine

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


def facets(scope, url="list_url", edition=None, matched=None):
    """``[Facet, ...]`` for ``scope``; each option's link is the scope's
    ``url`` (``list_url``, ``search_url``) with that option chosen.
    ``matched``: the bitmap of the articles its words match, when the caller
    searched already (``edition``'s)."""
    edition = edition or editions.current()
    if matched is None:
        matched = edition.everything
        if scope.q:
            matched = edition.bitmap(engine().scores(scope.q.parsed))

    def counts(kind):
        return edition.counts(kind, matched & edition.mask(scope, leave_out=kind))

    years = sorted(counts("year").items(), reverse=True)  # newest first
    counted = {
        "sector": _topics(Sector, counts("sector")),
        "challenge": _topics(Challenge, counts("challenge")),
        "tag": _tags(counts("tag")),
        "year": [(Year(number), n) for number, n in years],
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


def _topics(model, counts):
    """``[(topic, count)]`` in the topics' own order."""
    found = model.objects.only("name", "slug").filter(pk__in=list(counts))
    return [(topic, counts[topic.pk]) for topic in found]


def _tags(counts):
    """The TAGS_SHOWN most used, then by name; the names read for those that
    can be among them (ties included)."""
    if not counts:
        return []
    least = sorted(counts.values(), reverse=True)[:TAGS_SHOWN][-1]
    candidates = Tag.objects.filter(pk__in=[k for k, n in counts.items() if n >= least])
    ranked = sorted(candidates, key=lambda tag: (-counts[tag.pk], tag.name))
    return [(tag, counts[tag.pk]) for tag in ranked[:TAGS_SHOWN]]
