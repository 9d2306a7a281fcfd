"""What the article page and the archives show, read from the index of public
articles (articles/detail.py, articles/archives.py): the same related
articles, translations and periods the database would give."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article

from .factories import ArticleFactory
from .html import hrefs, parse, section, text

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - timedelta(days=days)


def test_related_articles_share_the_most_topics_then_are_newest(sectors, challenges):
    s0, s1, c0 = sectors[0], sectors[1], challenges[0]
    article = ArticleFactory(
        published_at=ago(30), sectors=[s0, s1], challenges=[c0], tags=["x", "y"]
    )
    older_three = ArticleFactory(published_at=ago(40), sectors=[s0, s1], tags=["x"])
    newer_three = ArticleFactory(published_at=ago(20), sectors=[s1], tags=["x", "y"])
    two = ArticleFactory(published_at=ago(50), challenges=[c0], tags=["y"])
    one_newest = ArticleFactory(published_at=ago(1), sectors=[s0])
    ArticleFactory(published_at=ago(2), sectors=[sectors[4]])  # shares nothing
    ArticleFactory(sectors=[s0, s1], draft=True)
    ArticleFactory(sectors=[s0, s1], scheduled=True)
    translated = ArticleFactory(
        chinese=True,
        translation_group=article.translation_group,
        sectors=[s0, s1],
        challenges=[c0],
    )

    page = parse(get(article.get_absolute_url()))

    wanted = [newer_three, older_three, two, one_newest]
    related = hrefs(section(page, "related-heading"))
    assert related == [a.get_absolute_url() for a in wanted]
    # As the database ranks them (ArticleQuerySet.related_to).
    ranked = Article.objects.published("en").related_to(article)[:4]
    assert related == [a.get_absolute_url() for a in ranked]
    # The Chinese edition is offered, not listed as related.
    alternate = page.select_one('link[rel="alternate"][hreflang="zh-Hant-HK"]')
    assert alternate["href"].endswith(translated.get_absolute_url())
    chips = [text(a) for a in page.select(".article__topics a")]
    assert chips == [s0.name, s1.name, c0.name, "x", "y"]


def get(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response


def test_archives_know_months_and_neighbours_in_hong_kong_time():
    """An article published on 31 December at 17:00 UTC is in January in Hong
    Kong; the other edition's years are not neighbours."""
    june = ArticleFactory(published_at=datetime(2024, 6, 10, 4, tzinfo=UTC))
    new_year = ArticleFactory(published_at=datetime(2025, 12, 31, 17, tzinfo=UTC))
    ArticleFactory(chinese=True, published_at=datetime(2026, 3, 5, tzinfo=UTC))

    year = parse(get(reverse("articles:year", kwargs={"year": 2026})))
    months = [text(a) for a in year.select('nav[aria-label="Months"] a')]
    assert months == ["January"]
    assert [text(a) for a in year.select(".card__title a")] == [new_year.title]
    assert [text(a) for a in year.select(".archive-nav a")] == ["← 2024"]

    month = get(reverse("articles:month", kwargs={"year": 2026, "month": 1}))
    neighbours = parse(month).select(".archive-nav a")
    assert [text(a) for a in neighbours] == ["← June 2024"]
    assert june.title not in month.content.decode()

    for empty in (
        reverse("articles:year", kwargs={"year": 2025}),
        reverse("articles:month", kwargs={"year": 2026, "month": 3}),
    ):
        assert Client().get(empty).status_code == 404
    with translation.override("zh-hant"):
        chinese = reverse("articles:month", kwargs={"year": 2026, "month": 3})
    assert Client().get(chinese).status_code == 200
