"""Every list page runs as many queries for 200 articles as for 5: no N+1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains

from articles.models import Article, Tag

# The most queries each page may run, whatever the number of articles: what it
# runs today. Two are the navigation's sectors and challenges, on every page.
# Lower a number when a page gets cheaper; raising one needs a reason.
MAX_QUERIES = {
    "home": 12,
    "sector list": 3,
    "sector detail": 10,
    "challenge list": 3,
    "challenge detail": 10,
    "explore": 5,
    "article list": 7,
    "article list, three filters": 10,
    "tag list": 3,
    "tag detail": 8,
    "year archive": 11,
    "month archive": 11,
    "article detail": 7,
}


def _title(article):
    return f">{escape(article.title)}</a>"


def _n_articles(n):
    return f"{n} article" if n == 1 else f"{n} articles"


def _pages(sector, challenge, tag):
    """``{page: (url, [what it must show])}``, as the data stands now.

    What a page must show is its newest article where it lists some, so a
    page measured with 200 articles really renders the latest of them.
    """
    published = Article.objects.published()
    newest = published.first()
    oldest = published.last()  # shares topics with many: "Related" is full
    when = timezone.localtime(newest.published_at)
    in_sector = published.filter(sectors=sector)
    in_challenge = published.filter(challenges=challenge)
    crossing = in_sector.filter(challenges=challenge)
    filters = f"?sector={sector.slug}&challenge={challenge.slug}&tag={tag.slug}"
    tagged = published.filter(tags=tag)
    return {
        "home": (reverse("home"), [_title(newest)]),
        "sector list": (
            reverse("sectors:sector_list"),
            [_n_articles(in_sector.count())],
        ),
        "sector detail": (sector.get_absolute_url(), [_title(in_sector.first())]),
        "challenge list": (
            reverse("sectors:challenge_list"),
            [_n_articles(in_challenge.count())],
        ),
        "challenge detail": (
            challenge.get_absolute_url(),
            [_title(in_challenge.first())],
        ),
        "explore": (
            reverse("sectors:explore"),
            [escape(f"{_n_articles(crossing.count())} on {sector} and {challenge}")],
        ),
        "article list": (reverse("articles:list"), [_title(newest)]),
        "article list, three filters": (
            reverse("articles:list") + filters,
            [_title(crossing.filter(tags=tag).first())],
        ),
        "tag list": (
            reverse("articles:tag_list"),
            [f'{tag.name}</a> <span class="count">{tagged.count()}</span>'],
        ),
        "tag detail": (tag.get_absolute_url(), [_title(tagged.first())]),
        "year archive": (
            reverse("articles:year", kwargs={"year": when.year}),
            [_title(newest)],
        ),
        "month archive": (
            reverse("articles:month", kwargs={"year": when.year, "month": when.month}),
            [_title(newest)],
        ),
        "article detail": (
            oldest.get_absolute_url(),
            [f"<h1>{escape(oldest.title)}</h1>", "Related articles"],
        ),
    }


@pytest.mark.parametrize("page", MAX_QUERIES)
def test_queries_do_not_grow_with_the_number_of_articles(
    client, django_assert_num_queries, many_articles, sectors, challenges, page
):
    many_articles(5)
    tag = Tag.objects.get(name="tag 0")
    url, shows = _pages(sectors[0], challenges[0], tag)[page]
    with CaptureQueriesContext(connection) as at_5:
        response = client.get(url)
    for text in shows:
        assertContains(response, text)
    assert len(at_5) <= MAX_QUERIES[page], "\n".join(q["sql"] for q in at_5)

    many_articles(200 - 5)
    url, shows = _pages(sectors[0], challenges[0], tag)[page]
    with django_assert_num_queries(len(at_5)):
        response = client.get(url)
    for text in shows:
        assertContains(response, text)
