"""The filter panel: for a scope, each sector, challenge, tag and year a
reader may narrow to, with how many articles they would then see.

Each dimension's counts leave that dimension's own choice out, so the panel
shows what switching to another sector would give, not zeros. Counted on the
index of public articles (``articles.edition``): no query per dimension,
whatever the number of articles, nor for their names, which the index
holds too.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import edition as editions
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
            ranking = engine().ranking(scope.q.parsed)
            matched = edition.bitmap([pk for pk, _ in ranking])

    def counts(kind):
        return edition.counts(kind, matched & edition.mask(scope, leave_out=kind))

    years = sorted(counts("year").items(), reverse=True)  # newest first
    counted = {
        "sector": _topics(edition, "sector", counts("sector")),
        "challenge": _topics(edition, "challenge", counts("challenge")),
        "tag": _tags(edition, counts("tag")),
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


def _topics(edition, kind, counts):
    """``[(topic, count)]`` in the topics' own order."""
    topics = edition.topics[kind]
    return [(topic, counts[pk]) for pk, topic in topics.items() if pk in counts]


def _tags(edition, counts):
    """The TAGS_SHOWN most used, then by name."""
    tags = edition.topics["tag"]
    ranked = sorted(counts, key=lambda pk: (-counts[pk], tags[pk].name))
    return [(tags[pk], counts[pk]) for pk in ranked[:TAGS_SHOWN]]
