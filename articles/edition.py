"""Every public article, held in memory as bitmaps: one bit per article, one
bitmap per language, sector, challenge, tag, year, month and author, and one
of the featured. The filter panel counts, search narrows and counts its
matches, and the home, sector, challenge and explore pages count and choose
their articles with a few ANDs and popcounts instead of a join per dimension
over every article.

Why: counting a common word's matches per sector, challenge, tag and year
took four queries and 60–80 ms at 10,000 articles on SQLite, each a join over
every match; as bitmaps it is well under a millisecond ("Performance" in
docs/search.md).

Never stale. A process keeps the index it built only
- while the database's count of public changes and the time it last moved
  (``ContentVersion``: every ``content_changed()`` advances it once its
  transaction commits, in whichever process made the change) are those it
  was built at, checked with one small query each time the index is asked
  for, and
- until the next scheduled article comes due;
and does not keep it at all when it was built inside a transaction, whose
changes may still be rolled back: that index serves its request alone.
"""

import re
import threading
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice, repeat

from django.db import connection
from django.db.models import Func, IntegerField, Min
from django.db.models.functions import ExtractMonth, ExtractYear, Now
from django.utils import timezone

from hkai import versions
from sectors.models import Challenge, Sector

from .models import Article, Tag, TaggedArticle
from .visibility import Status, published_q

_ONE = re.compile("1")
# The dimensions of the index, and the scope's filter each one answers.
KINDS = ("language", "sector", "challenge", "tag", "year")


@dataclass(frozen=True, eq=False)
class Edition:
    """The public articles when ``version`` was current, newest first: an
    article's position is its place in that order (``pks[position]``)."""

    version: tuple  # ContentVersion's stamp when it was built (hkai/versions.py)
    until: datetime | None  # when the next scheduled article comes due
    pks: tuple
    positions: dict  # article pk -> position
    maps: dict  # kind -> {key (a pk, a language, a year): bitmap}
    # The sectors, challenges and tags, in their order: {kind: {pk: object}}.
    # The panel names them, and a search result its sectors, without a query.
    topics: dict

    @property
    def everything(self):
        return (1 << len(self.pks)) - 1

    def bitmap(self, pks):
        """The public ones among ``pks``, as a bitmap."""
        # Written as the binary digits of an int, most significant first: one
        # store per article, then one parse (not a shift and an OR per bit).
        # Position p is digit n - p; one not public (p = n) lands on digit 0,
        # bit n, outside ``everything``.
        n = len(self.pks)
        digits = bytearray(b"0" * (n + 1))
        for position in map(self.positions.get, pks, repeat(n)):
            digits[n - position] = 49  # "1"
        return int(digits, 2) & self.everything

    def mask(self, scope, leave_out=None):
        """The articles of ``scope``'s language and filters, its words aside
        (which only a search engine knows), and ``leave_out``'s filter too."""
        bits = self.maps["language"].get(scope.language, 0)
        for kind in KINDS[1:]:
            value = getattr(scope, kind)
            if value is not None and kind != leave_out:
                bits &= self.maps[kind].get(_key(kind, value), 0)
        return bits

    def counts(self, kind, within):
        """``{key: how many of within}`` for each key of ``kind`` they reach."""
        found = {}
        for key, bits in self.maps[kind].items():
            n = (bits & within).bit_count()
            if n:
                found[key] = n
        return found

    def counted(self, kind, within):
        """Every topic of ``kind`` in its order, with how many of ``within``
        it has (``Counted``), none left out."""
        bitmaps = self.maps[kind]
        return [
            Counted(topic, (bitmaps.get(pk, 0) & within).bit_count())
            for pk, topic in self.topics[kind].items()
        ]

    def per_month(self, within, since):
        """``{first day of a month: how many of within}`` for each month from
        the aware datetime ``since`` on (months in the site's time zone), as
        ``ArticleQuerySet.per_month`` gives them."""
        first = (since.year, since.month)
        found = {}
        for month, bits in self.maps["month"].items():
            if month >= first and (n := (bits & within).bit_count()):
                found[date(*month, 1)] = n
        return found

    def sectors_of(self, pk):
        """The public article ``pk``'s sectors, in their order."""
        position = self.positions[pk]
        bitmaps = self.maps["sector"]
        return [
            sector
            for key, sector in self.topics["sector"].items()
            if bitmaps.get(key, 0) >> position & 1
        ]

    def related(self, topics, within, n):
        """The pks of up to ``n`` articles of ``within`` sharing the most of
        ``topics`` (``[(kind, pk)]``), newest first among equals: the order
        of ``ArticleQuerySet.related_to``, with a few ANDs and XORs.

        The count of shared topics is kept bit-sliced: ``planes[i]`` holds
        binary digit i of every article's count, so adding a topic's bitmap
        is a ripple-carry add over a handful of big ints."""
        planes = []
        for kind, key in topics:
            carry = self.maps[kind].get(key, 0) & within
            for i, plane in enumerate(planes):
                if not carry:
                    break
                planes[i], carry = plane ^ carry, plane & carry
            if carry:
                planes.append(carry)
        found = []
        for shared in range(len(topics), 0, -1):
            exactly = within
            for i, plane in enumerate(planes):
                exactly &= plane if shared >> i & 1 else ~plane
            if shared >> len(planes):
                exactly = 0  # more than the planes can count
            found += self.newest(exactly, 0, n - len(found))
            if len(found) >= n:
                break
        return found

    def newest(self, within, start, stop):
        """The pks at places ``start`` to ``stop`` of ``within``'s articles,
        newest first (a position is a place in that order)."""
        # Only as far as needed: the newest are the lowest bits, and writing
        # out all of them took 0.3 ms a call at 100,000 articles.
        width = 4096
        while width < len(self.pks):
            window = within & ((1 << width) - 1)
            if window.bit_count() >= stop:
                within = window
                break
            width *= 8
        digits = bin(within)[:1:-1]  # position 0 first
        return [self.pks[m.start()] for m in islice(_ONE.finditer(digits), start, stop)]

    def best(self, ranking, within, start, stop):
        """The pks at places ``start`` to ``stop`` when the articles of
        ``within`` in ``ranking`` (``[(pk, score)]``, highest score first) are
        ranked: higher score first, then newer first. Reads the ranking only
        as far as the last place asked for, and the ties with it."""
        if stop <= start:
            return []
        chosen = within.to_bytes((len(self.pks) + 7) // 8, "little")
        positions = self.positions
        found = []  # (-score, position), in the ranking's order
        for pk, score in ranking:
            if len(found) >= stop and -score > found[stop - 1][0]:
                break  # below the last place: no tie left to settle
            position = positions.get(pk)
            if position is not None and chosen[position >> 3] >> (position & 7) & 1:
                found.append((-score, position))
        found.sort()
        return [self.pks[position] for _, position in found[start:stop]]


@dataclass(frozen=True)
class Counted:
    """A sector, challenge or tag and how many articles it has, read as
    ``with_article_counts()`` annotates one (``topic.article_count``)."""

    topic: object
    article_count: int

    @property
    def name(self):
        return self.topic.name

    def get_absolute_url(self):
        return self.topic.get_absolute_url()


def _key(kind, value):
    if kind == "year":
        return value.number
    return value.pk


_kept = {"edition": None}
_building = threading.Lock()


def current():
    """The index of what is public now: this process's, or a new one."""
    version = versions.stamp()  # the request's, shared with the page shell
    if _valid(_kept["edition"], version):
        return _kept["edition"]
    if connection.in_atomic_block:  # what it reads may yet be rolled back
        return build(version)
    with _building:  # the threads of a process build it once
        if not _valid(_kept["edition"], version):
            _kept["edition"] = build(version)
        return _kept["edition"]


def _valid(edition, version):
    return (
        edition is not None
        and edition.version == version
        and (edition.until is None or timezone.now() < edition.until)
    )


def build(version):
    """Read every public article, its year, month and author, whether it is
    featured, and its topics, and the topics' names:
    eight queries (1.4 s at 100,000 articles on SQLite, most of it reading)."""
    rows = list(
        Article.objects.filter(published_q())
        .order_by("-published_at", "-pk")
        .annotate(year=LocalYear("published_at"), month=LocalMonth("published_at"))
        .values_list("pk", "language", "year", "month", "author_id", "featured")
    )
    pks = tuple(pk for pk, *_ in rows)
    positions = {pk: position for position, pk in enumerate(pks)}
    maps = {
        "language": _bitmaps(((row[0], row[1]) for row in rows), positions),
        "year": _bitmaps(((row[0], row[2]) for row in rows), positions),
        # Not a scope's filters: the monthly archives, by (year, month), and
        # the authors' pages, by user pk.
        "month": _bitmaps(((row[0], (row[2], row[3])) for row in rows), positions),
        "author": _bitmaps(((row[0], row[4]) for row in rows), positions),
        # The home page's featured articles.
        "featured": _bitmaps(((row[0], True) for row in rows if row[5]), positions),
    }
    for kind, pairs in (
        ("sector", Article.sectors.through.objects.values_list("article", "sector")),
        (
            "challenge",
            Article.challenges.through.objects.values_list("article", "challenge"),
        ),
        ("tag", TaggedArticle.objects.values_list("content_object", "tag")),
    ):
        maps[kind] = _bitmaps(pairs.iterator(chunk_size=10_000), positions)
    until = Article.objects.filter(
        status=Status.PUBLISHED, published_at__gt=Now()
    ).aggregate(next_due=Min("published_at"))["next_due"]
    topics = {
        kind: {topic.pk: topic for topic in model.objects.only("name", "slug")}
        for kind, model in (("sector", Sector), ("challenge", Challenge), ("tag", Tag))
    }
    return Edition(version, until, pks, positions, maps, topics)


def _bitmaps(pairs, positions):
    """``{key: bitmap}`` from ``(article pk, key)`` pairs: each public
    article's position set in its keys' bitmaps. One loop, no call per pair:
    it runs once per article and topic (700,000 times at 100,000 articles)."""
    size = (len(positions) + 7) // 8
    position_of = positions.get
    marks = {}
    for pk, key in pairs:
        position = position_of(pk)
        if position is None:
            continue
        bits = marks.get(key)
        if bits is None:
            bits = marks[key] = bytearray(size)
        bits[position >> 3] |= 1 << (position & 7)
    return {key: int.from_bytes(bits, "little") for key, bits in marks.items()}


class LocalYear(Func):
    """A datetime's year in the current time zone, computed by the database.

    Django's ``ExtractYear`` does that in SQL on PostgreSQL but calls a Python
    function per row on SQLite (30 ms for 8,000 articles); there, SQLite's own
    ``strftime`` with the zone's offset. Hong Kong keeps one offset all year
    (no daylight saving since 1979), so the offset of now is every date's.
    """

    output_field = IntegerField()
    extract, pattern = ExtractYear, "%%Y"

    def as_sql(self, compiler, connection):
        return compiler.compile(self.extract(*self.source_expressions))

    def as_sqlite(self, compiler, connection):
        column, params = compiler.compile(self.source_expressions[0])
        minutes = int(timezone.localtime().utcoffset().total_seconds() // 60)
        return (
            f"CAST(strftime('{self.pattern}', {column}, %s) AS INTEGER)",
            [*params, f"{minutes:+d} minutes"],
        )


class LocalMonth(LocalYear):
    """A datetime's month (1–12) in the current time zone, as ``LocalYear``."""

    extract, pattern = ExtractMonth, "%%m"
