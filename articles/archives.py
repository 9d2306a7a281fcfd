"""The yearly and monthly archives, counted and paged on the index of public
articles (``articles.edition``), which knows each public article's year and
month in Hong Kong time.

Why: Django's date-based views asked the database whether the period had
articles, which months it had, counted and read a page (with three
prefetches), and read the nearest article on each side (three prefetches
again): 11 queries. Here the months, the neighbours and the count are a few
ANDs on bitmaps, and a page is read as the article list reads it
(``cards.NewestCards``: kept cards).
"""

from datetime import date

from django.conf import settings
from django.http import Http404
from django.utils.translation import get_language
from django.views.generic import ListView

from hkai.pagecache.keys import uses_query

from . import edition
from .cards import NewestCards


@uses_query("page")
class ArchiveView(ListView):
    """A period's public articles in the reader's language, newest first,
    paginated; a period without any is a 404 (as Django's archives)."""

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        self.edition = edition.current()
        self.written = self.edition.maps["language"].get(get_language(), 0)
        within = self.period_bitmap() & self.written
        if not within:
            raise Http404("No articles in this period.")
        return NewestCards(self.edition, within, get_language())

    def periods(self, kind):
        """The keys of ``kind`` ("year", "month") with articles in the
        reader's language, in order."""
        return sorted(
            k for k, bits in self.edition.maps[kind].items() if bits & self.written
        )

    def get_context_data(self, **kwargs):
        # Another edition may have nothing then: its list, then.
        return super().get_context_data(
            alternates={get_language(): self.request.path},
            language_fallback="articles:list",
            **kwargs,
        )


def _neighbours(keys, key):
    """The keys just before and just after ``key`` in the sorted ``keys``."""
    before = [k for k in keys if k < key]
    after = [k for k in keys if k > key]
    return (before[-1] if before else None), (after[0] if after else None)


class YearArchiveView(ArchiveView):
    template_name = "articles/article_archive_year.html"

    def period_bitmap(self):
        return self.edition.maps["year"].get(self.kwargs["year"], 0)

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        previous, following = _neighbours(self.periods("year"), year)
        months = [m for y, m in self.periods("month") if y == year]
        return super().get_context_data(
            year=date(year, 1, 1),
            date_list=[date(year, m, 1) for m in months],
            previous_year=previous and date(previous, 1, 1),
            next_year=following and date(following, 1, 1),
            **kwargs,
        )


class MonthArchiveView(ArchiveView):
    template_name = "articles/article_archive_month.html"

    def period_bitmap(self):
        key = (self.kwargs["year"], self.kwargs["month"])
        return self.edition.maps["month"].get(key, 0)

    def get_context_data(self, **kwargs):
        key = (self.kwargs["year"], self.kwargs["month"])
        previous, following = _neighbours(self.periods("month"), key)
        return super().get_context_data(
            month=date(*key, 1),
            previous_month=previous and date(*previous, 1),
            next_month=following and date(*following, 1),
            **kwargs,
        )
