"""The bar chart of articles per month on the home page and every sector and
challenge page: its numbers are the database's, month by month in Hong Kong
time, empty months included, in each edition."""

import calendar
from collections import Counter
from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from articles.charts import MONTHS, month_starts
from articles.models import Article

from .factories import ArticleFactory
from .html import parse, select_one, text

pytestmark = pytest.mark.django_db


def _at(months_ago, day=15, hour=12, minute=0):
    """An aware datetime ``months_ago`` months back, read in Hong Kong time;
    ``day=-1`` is the month's last day."""
    start = month_starts(timezone.localdate(), months_ago + 1)[0]
    if day == -1:
        day = calendar.monthrange(start.year, start.month)[1]
    moment = datetime.combine(start.replace(day=day), time(hour, minute))
    return min(timezone.make_aware(moment), timezone.now())


def _chart_rows(response):
    """``[(month "YYYY-MM", count)]`` from the chart's table, oldest first."""
    table = select_one(response, "section.chart table")
    return [
        (row.find("time")["datetime"], int(text(row.find("td"))))
        for row in table.select("tbody tr")
    ]


def _expected(articles):
    """Counted directly: each article's month in Hong Kong time, over the
    chart's 24 months, zero where there is none."""
    counts = Counter(
        timezone.localtime(a.published_at).strftime("%Y-%m") for a in articles
    )
    starts = month_starts(timezone.localdate(), MONTHS)
    return [(s.strftime("%Y-%m"), counts[s.strftime("%Y-%m")]) for s in starts]


@pytest.fixture
def history(sectors, challenges):
    """Articles over more than two years in both languages, two of them at a
    month's edge: midnight in Hong Kong is the day before in UTC."""
    for months_ago, n in [(0, 2), (3, 1), (7, 4), (23, 1), (24, 3), (30, 2)]:
        for _ in range(n):
            ArticleFactory(published_at=_at(months_ago), sectors=[sectors[0]])
    # 00:30 on the 1st in Hong Kong (16:30 the day before in UTC): that month.
    ArticleFactory(published_at=_at(5, day=1, hour=0, minute=30), sectors=[sectors[1]])
    # 23:30 on the last day in Hong Kong (15:30 UTC): still that month.
    ArticleFactory(published_at=_at(6, day=-1, hour=23, minute=30))
    ArticleFactory(published_at=_at(2), challenges=[challenges[0]])
    # Not public: never counted.
    ArticleFactory(draft=True, sectors=[sectors[0]])
    ArticleFactory(scheduled=True, sectors=[sectors[0]])
    for months_ago in (1, 1, 7, 12):
        ArticleFactory(chinese=True, published_at=_at(months_ago), sectors=[sectors[0]])


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_home_page_charts_its_edition_month_by_month(client, history, language):
    with translation.override(language):
        response = client.get(reverse("home"))
    published = Article.objects.published(language)

    rows = _chart_rows(response)

    assert len(rows) == MONTHS
    assert rows == _expected(published)
    assert rows[-1][0] == timezone.localdate().strftime("%Y-%m")
    assert 0 in [n for _, n in rows]  # empty months are there, as zero


def test_months_are_read_in_hong_kong_time(client, history):
    rows = dict(_chart_rows(client.get(reverse("home"))))

    assert rows[_at(5).strftime("%Y-%m")] == 1  # the article at 00:30 on the 1st
    assert rows[_at(6).strftime("%Y-%m")] == 1  # and the one at 23:30 on the 31st
    assert rows[_at(4).strftime("%Y-%m")] == 0
    assert rows[_at(23).strftime("%Y-%m")] == 1  # the oldest month shown
    assert _at(24).strftime("%Y-%m") not in rows  # 25 months ago: left out


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_sector_and_challenge_pages_chart_their_own_articles(
    client, history, sectors, challenges, language
):
    published = Article.objects.published(language)
    for topic, articles in [
        (sectors[0], published.filter(sectors=sectors[0])),
        (challenges[0], published.filter(challenges=challenges[0])),
    ]:
        with translation.override(language):
            response = client.get(topic.get_absolute_url())
        assert _chart_rows(response) == _expected(articles)


def test_the_bars_and_caption_say_what_the_table_says(client, history):
    response = client.get(reverse("home"))
    rows = _chart_rows(response)
    busiest = max(n for _, n in rows)

    bars = parse(response).select("section.chart svg rect.chart__bar")
    # A bar for each month with articles, the busiest one full height.
    assert len(bars) == sum(1 for _, n in rows if n)
    heights = [int(bar["height"]) for bar in bars]
    assert max(heights) == int(
        select_one(response, "section.chart svg")["viewbox"].split()[-1]
    )
    assert sorted(heights) == sorted(
        max(round(60 * n / busiest), 1) for _, n in rows if n
    )
    total = sum(n for _, n in rows)
    caption = text(select_one(response, "section.chart figcaption"))
    assert caption.startswith(f"{total} articles from ")
    assert f"with {busiest} articles." in caption
    assert select_one(response, "section.chart svg")["aria-hidden"] == "true"


def test_the_chart_caption_reads_in_chinese(client, history):
    with translation.override("zh-hant"):
        response = client.get(reverse("home"))
    caption = text(select_one(response, "section.chart figcaption"))
    total = (
        Article.objects.published("zh-hant")
        .filter(published_at__gte=_at(23, day=1, hour=0))
        .count()
    )
    assert f"共 {total} 篇文章。" in caption
    assert "文章最多的月份是" in caption
    assert text(select_one(response, "#chart-heading")) == "每月文章數目"


def test_an_edition_with_no_articles_charts_zeros(client, sectors):
    response = client.get(sectors[2].get_absolute_url())
    rows = _chart_rows(response)
    assert [n for _, n in rows] == [0] * MONTHS
    assert parse(response).select("section.chart rect") == []
    assert text(select_one(response, "section.chart figcaption")).startswith(
        "0 articles from "
    )


@pytest.mark.parametrize(
    "language, caption",
    [
        ("en", "2 articles from {first} to {last}. No month had more than 1 article."),
        ("zh-hant", "{first}至{last}共 2 篇文章。 每月最多 1 篇文章。"),
    ],
)
def test_when_months_tie_no_month_is_called_the_busiest(
    client, sectors, language, caption
):
    for months_ago in (2, 9):
        ArticleFactory(
            language=language, published_at=_at(months_ago), sectors=[sectors[3]]
        )
    with translation.override(language):
        response = client.get(sectors[3].get_absolute_url())
        first, last = (
            date_format(month, "YEAR_MONTH_FORMAT")
            for month in month_starts(timezone.localdate(), MONTHS)[:: MONTHS - 1]
        )
    assert text(select_one(response, "section.chart figcaption")) == caption.format(
        first=first, last=last
    )
