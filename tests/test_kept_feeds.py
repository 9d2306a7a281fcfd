"""Feeds outside a transaction, as a server runs them: their items written
once and kept (articles/feed_items.py), their validators kept, one query or
two a feed; and never a stale item or a stale 304 after a retitle, a body
edit, a renamed sector or an unpublish."""

import json
import time
from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory

# Committed data, as a server sees it; the seeded topics come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FORMATS = ("rss", "atom", "json")


def entries(response):
    """``[(title, body HTML, categories, link)]`` of a feed's items."""
    if response["Content-Type"].startswith("application/feed+json"):
        return [
            (item["title"], item["content_html"], item["tags"], item["url"])
            for item in json.loads(response.content)["items"]
        ]
    return [
        (
            entry.title,
            entry.content[0].value,
            [tag.term for tag in entry.get("tags", [])],
            entry.link,
        )
        for entry in feedparser.parse(response.content).entries
    ]


def read(client, url, etag=None, **extra):
    """A feed as a reader polling with ``etag`` gets it (``None`` for a 304),
    asked for twice first so that the second comes from what was kept."""
    client.get(url, **extra)
    client.get(url, **extra)
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    response = client.get(url, **headers, **extra)
    if response.status_code == 304:
        return None, etag
    assert response.status_code == 200
    return entries(response), response["ETag"]


@pytest.fixture
def filed(sectors):
    """A public article in a sector, and its sector's feed in each format."""
    healthcare = sectors[2]
    article = ArticleFactory(
        title="Harbour sensors", body="Tide *gauges*.", sectors=[healthcare]
    )
    urls = {
        fmt: reverse("feeds:sector", kwargs={"slug": healthcare.slug, "fmt": fmt})
        for fmt in FORMATS
    }
    return article, healthcare, urls


def polled(client, urls):
    """``{format: (entries, ETag)}`` of every feed, read as kept."""
    return {fmt: read(client, url) for fmt, url in urls.items()}


def test_feeds_are_served_from_what_the_process_keeps(client, filed):
    _, healthcare, urls = filed
    site = reverse("feeds:site", kwargs={"fmt": "rss"})
    for url, queries in (
        (site, 1),  # the public version
        (urls["atom"], 2),  # and the sector
        (urls["json"], 2),
    ):
        first = client.get(url)
        with CaptureQueriesContext(connection) as kept:
            again = client.get(url)
        assert len(kept) == queries, url
        assert again.content == first.content
        assert entries(again)[0][0] == "Harbour sensors"
        with CaptureQueriesContext(connection) as kept:
            unchanged = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert unchanged.status_code == 304
        assert len(kept) == queries, url


def test_an_item_is_kept_per_origin(client, filed):
    """The same article's item on two hosts and schemes links to each."""
    article, _, urls = filed
    links = [
        entries(client.get(urls["rss"], HTTP_HOST=host, secure=secure))[0][3]
        for host, secure in (("testserver", False), ("localhost", True)) * 2
    ]
    path = article.get_absolute_url()
    assert links == [f"http://testserver{path}", f"https://localhost{path}"] * 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_retitled_article_shows_its_new_title_on_the_next_request(client, filed, fmt):
    article, _, urls = filed
    before, etag = read(client, urls[fmt])
    assert before[0][0] == "Harbour sensors"
    article.title = "Harbour sensors, mapped"
    article.save()

    after, new_etag = read(client, urls[fmt], etag)
    assert after is not None, "a stale 304"
    assert after[0][0] == "Harbour sensors, mapped"
    assert new_etag != etag


def test_an_edited_body_shows_on_the_next_request(client, filed):
    article, _, urls = filed
    before = polled(client, urls)
    assert all("<em>gauges</em>" in found[0][0][1] for found in before.values())
    article.body = "Tide *buoys*."
    article.save()

    for fmt, url in urls.items():
        after, etag = read(client, url, before[fmt][1])
        assert after is not None, fmt
        assert "<em>buoys</em>" in after[0][1], fmt
        assert "gauges" not in after[0][1], fmt


def test_a_renamed_sector_shows_its_new_name_on_the_next_request(client, filed):
    _, healthcare, urls = filed
    site = {fmt: reverse("feeds:site", kwargs={"fmt": fmt}) for fmt in FORMATS}
    before = polled(client, site)
    assert all(found[0][0][2] == [healthcare.name] for found in before.values())
    healthcare.name = "Medicine"
    healthcare.save()

    # Unconditional: a feed's validators follow its articles' dates and count,
    # which a sector's name is not (as before items were kept).
    for fmt, url in site.items():
        after, _ = read(client, url)
        assert after[0][2] == ["Medicine"], fmt


def test_an_unpublished_article_leaves_the_next_response(client, filed):
    article, _, urls = filed
    ArticleFactory(title="Older news", sectors=[filed[1]], draft=True)
    Article.objects.filter(title="Older news").publish()
    before = polled(client, urls)
    assert all(len(found[0]) == 2 for found in before.values())
    Article.objects.filter(pk=article.pk).unpublish()

    for fmt, url in urls.items():
        after, _ = read(client, url, before[fmt][1])
        assert after is not None, fmt
        assert [title for title, *_ in after] == ["Older news"], fmt


def test_a_scheduled_article_shows_when_it_comes_due(client, filed):
    """Its validators change though the public version does not."""
    _, healthcare, urls = filed
    due = timezone.now() + timedelta(seconds=1)
    ArticleFactory(title="On the hour", sectors=[healthcare], published_at=due)
    before, etag = read(client, urls["rss"])
    assert [title for title, *_ in before] == ["Harbour sensors"]
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.05)

    after, _ = read(client, urls["rss"], etag)
    assert after is not None, "a stale 304"
    assert [title for title, *_ in after] == ["On the hour", "Harbour sensors"]
