"""The benchmarks measure real pages (bench/inprocess.py, which bench/run.py
and bench/scale.py drive): a renamed route or a page that stops answering
fails here, in seconds, not at the end of a long benchmark run."""

import pytest
from django.db import connection

from bench import inprocess
from sectors.models import Challenge, Sector

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """An article in every place the benchmarks look: a sector, a challenge, a tag."""
    return ArticleFactory(
        sectors=[Sector.objects.get(slug=inprocess.SECTOR)],
        challenges=[Challenge.objects.get(slug=inprocess.CHALLENGE)],
        tags=["privacy"],
    )


def test_every_page_measured_answers(archive):
    """Each page type of the issue's table, and search, has an address that
    answers 200, and its SQL queries are counted (the page cache is off)."""
    counts = inprocess.queries()

    assert set(counts) == {*inprocess.PAGES, "search"}
    assert inprocess.paths()["article"] == archive.get_absolute_url()
    assert all(count > 0 for count in counts.values()), counts


def test_each_pages_slowest_query_comes_with_its_plan(archive):
    """What bench/scale.py prints for the doc: a time, the SQL and its plan."""
    pages = inprocess.timings(repeat=1)["pages"]

    article = pages["article"]
    assert article["median_ms"] > 0
    assert article["slowest_sql"].startswith("SELECT")
    keyword = "articles_" if connection.vendor == "sqlite" else "actual time"
    assert keyword in article["plan"], article["plan"]


def test_a_conditional_get_is_answered_304_from_the_page_cache(archive, page_cache):
    """The 304 row's in-process half: the status, and its queries."""
    answer = inprocess.conditional("/")

    assert answer["status"] == 304
    assert answer["queries"] <= 1
