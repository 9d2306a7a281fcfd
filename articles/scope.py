"""Which published articles a reader chose: all of them, or those in a sector,
a challenge, a tag and/or a year, and/or matching a search.

One object for the article list's filters, every feed, the autodiscovery
links, the sector, challenge and tag pages and every link between them: it
filters, names itself and builds its page and feed URLs. Built per request
from slugs (``from_query``, ``from_slugs``), never at import.
"""

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hkai.addresses import address
from sectors.models import Challenge, Sector

from .models import EARLIEST_YEAR, Article, Tag
from .search import text
from .search.engines import engine

# The query parameters of a scope, in the order its URLs spell them.
PARAMS = ("q", "sector", "challenge", "tag", "year")
TOPICS = ("sector", "challenge", "tag")
_SLUG = re.compile(r"[-\w]{1,200}")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Year:
    """A year to filter on, named and spelt in URLs as its number."""

    number: int

    @property
    def slug(self):
        return str(self.number)

    name = slug

    @classmethod
    def from_slug(cls, slug):
        """The year ``slug`` names, or None: from 1990 (EARLIEST_YEAR) to 2100."""
        if _YEAR.fullmatch(slug) and EARLIEST_YEAR <= int(slug) <= 2100:
            return cls(int(slug))
        return None


@dataclass(frozen=True)
class Search:
    """Words to search for, as a scope filter: named by what was typed."""

    parsed: text.Query

    @property
    def slug(self):
        return self.parsed.text

    @property
    def name(self):
        return f"“{self.parsed.text}”"


def choices(name, language):
    """What a reader may choose for ``name``: a fresh queryset each time. Tags
    on no published article in ``language`` are not public there: asking for
    one is a 404, as for its page."""
    if name == "tag":
        return Tag.objects.in_use(language)
    return {"sector": Sector, "challenge": Challenge}[name].objects.all()


@dataclass(frozen=True)
class Scope:
    q: Search | None = None
    sector: Sector | None = None
    challenge: Challenge | None = None
    tag: Tag | None = None
    year: Year | None = None
    # The reader's language (the address's): its edition's articles only.
    language: str = field(default_factory=get_language)

    @classmethod
    def from_slugs(cls, **slugs):
        """The scope these slugs name; Http404 if any names nothing public."""
        chosen = {}
        for name, slug in slugs.items():
            if not slug:
                continue
            if name == "q":
                parsed = text.parse(slug)
                if parsed:  # punctuation alone, or only "-word"s: no search
                    chosen[name] = Search(parsed)
                continue
            if name == "year":
                found = Year.from_slug(slug)
            else:
                found = _SLUG.fullmatch(slug) and (
                    choices(name, get_language()).filter(slug=slug).first()
                )
            if not found:
                raise Http404(_("There is no such sector, challenge or tag."))
            chosen[name] = found
        return cls(**chosen)

    @classmethod
    def from_query(cls, query):
        """From ``?q=&sector=&challenge=&tag=&year=`` (the last value of each
        counts)."""
        return cls.from_slugs(**{name: query.get(name, "") for name in PARAMS})

    def chosen(self):
        """``{"sector": <Sector>, ...}`` for each filter set, in PARAMS order."""
        return {name: getattr(self, name) for name in PARAMS if getattr(self, name)}

    def __bool__(self):
        return bool(self.chosen())

    def filter(self, articles):
        """Narrow ``articles`` to this scope."""
        for name, value in self.chosen().items():
            if name == "q":
                articles = engine().matching(articles, value.parsed)
            elif name == "year":
                articles = articles.filter(published_at__year=value.number)
            else:
                articles = articles.filter(**{f"{name}s": value})
        return articles

    def articles(self):
        return self.filter(Article.objects.published(self.language))

    def without(self, name):
        return replace(self, **{name: None})

    def with_(self, name, value):
        return replace(self, **{name: value})

    # What it is called. --------------------------------------------------------

    @property
    def name(self):
        """ "Healthcare · Data privacy · #CCTV"; empty for everything."""
        names = [
            f"#{value.name}" if kind == "tag" else str(value.name)
            for kind, value in self.chosen().items()
        ]
        return " · ".join(names)

    @property
    def title(self):
        """The title of its feeds."""
        if not self:
            return settings.SITE_NAME
        return f"{settings.SITE_NAME} — {self.name}"

    @property
    def description(self):
        if not self:
            return _("Reporting and analysis on artificial intelligence in Hong Kong.")
        return _("Articles from HK AI Observatory filed under %(topics)s.") % {
            "topics": self.name
        }

    # Where it lives. ----------------------------------------------------------

    def query(self):
        """The query string of its filtered list, without the ``?``."""
        return urlencode({name: value.slug for name, value in self.chosen().items()})

    @property
    def list_url(self):
        """The article list filtered to this scope."""
        query = self.query()
        return address("articles:list") + (f"?{query}" if query else "")

    @property
    def page_url(self):
        """Its own page: a sector's, a challenge's or a tag's, else the list."""
        chosen = self.chosen()
        if len(chosen) == 1 and next(iter(chosen)) in TOPICS:
            return next(iter(chosen.values())).get_absolute_url()
        return self.search_url if self.q else self.list_url

    @property
    def removals(self):
        """``(kind, value, URL of the list without it)`` for each filter set."""
        return [
            (name, value, self.without(name).list_url)
            for name, value in self.chosen().items()
        ]

    @property
    def search_url(self):
        """The search page for this scope's words, narrowed as it is."""
        query = self.query()
        return address("articles:search") + (f"?{query}" if query else "")

    @property
    def subscribe_url(self):
        """The page about its feeds, for people (a feed itself is raw XML)."""
        query = self.query()
        return address("feeds:subscribe_to") + (f"?{query}" if query else "")

    def feed_url(self, fmt="rss"):
        chosen = self.chosen()
        if not chosen:
            return address("feeds:site", fmt=fmt)
        if len(chosen) == 1 and next(iter(chosen)) in TOPICS:
            ((name, value),) = chosen.items()
            return address(f"feeds:{name}", slug=value.slug, fmt=fmt)
        return f"{address('feeds:articles', fmt=fmt)}?{self.query()}"

    @property
    def rss_url(self):
        return self.feed_url("rss")

    @property
    def atom_url(self):
        return self.feed_url("atom")

    @property
    def json_url(self):
        return self.feed_url("json")
