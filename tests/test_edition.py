"""The index of public articles behind the filter panel and search
(articles/edition.py), outside a test's transaction, as a server runs: kept
between requests, and never showing what is no longer so, whether an editor
publishes, unpublishes or deletes, or a scheduled article comes due."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory
from .html import parse
from .test_search import search, titles

# Committed data, as a server sees it; the seeded topics come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sector_counts(response):
    """``{sector name: count}`` as the filter panel shows them."""
    facet = parse(response).select_one(".facet:has(#facet-sector)")
    return {
        li.select_one("a, strong").get_text(): int(li.select_one(".count").get_text())
        for li in facet.select("li")
    }


def test_the_index_is_kept_between_requests(client, sectors):
    ArticleFactory(title="Harbour sensors", sectors=[sectors[0]])
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("articles:list"))
    with CaptureQueriesContext(connection) as second:
        kept = client.get(reverse("articles:list"))
    # Built once: eight queries; the page shell's two (tests/test_shell.py) and
    # the cards' two (tests/test_kept_lists.py) are kept too: the public
    # version, read once for all of them, is all the page asks.
    assert len(first) == 1 + 8 + 2 + 2
    assert len(second) == 1
    assert sector_counts(kept) == {sectors[0].name: 1}


def test_publishing_unpublishing_and_deleting_show_at_once(client, sectors):
    healthcare = sectors[2]
    ArticleFactory(title="Harbour sensors", sectors=[healthcare])
    draft = ArticleFactory(draft=True, title="Harbour robots", sectors=[healthcare])
    before = search(client, "harbour")
    assert titles(before) == ["Harbour sensors"]
    assert sector_counts(before) == {healthcare.name: 1}

    Article.objects.filter(pk=draft.pk).publish()
    published = search(client, "harbour")
    assert sorted(titles(published)) == ["Harbour robots", "Harbour sensors"]
    assert sector_counts(published) == {healthcare.name: 2}
    assert sector_counts(client.get(reverse("articles:list"))) == {healthcare.name: 2}

    Article.objects.filter(pk=draft.pk).unpublish()
    assert titles(search(client, "harbour")) == ["Harbour sensors"]
    assert sector_counts(client.get(reverse("articles:list"))) == {healthcare.name: 1}

    Article.objects.get(title="Harbour sensors").delete()
    gone = search(client, "harbour")
    assert titles(gone) == []
    assert "0 articles found" in gone.content.decode()


def test_a_scheduled_article_appears_when_it_comes_due(client, sectors):
    ArticleFactory(title="Harbour sensors", sectors=[sectors[0]])
    due = timezone.now() + timedelta(seconds=1.5)
    ArticleFactory(title="Harbour tides", sectors=[sectors[0]], published_at=due)
    assert titles(search(client, "harbour")) == ["Harbour sensors"]
    assert sector_counts(client.get(reverse("articles:list"))) == {sectors[0].name: 1}

    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.2)
    assert sorted(titles(search(client, "harbour"))) == [
        "Harbour sensors",
        "Harbour tides",
    ]
    assert sector_counts(client.get(reverse("articles:list"))) == {sectors[0].name: 2}


def test_the_article_list_follows_the_index_at_once(client, sectors):
    """The list is counted and paged on the index: a publish, an unpublish
    and a delete show on its cards and count at the next request."""
    ArticleFactory(title="Harbour sensors", sectors=[sectors[0]], tags=["Ports"])
    draft = ArticleFactory(draft=True, title="Harbour robots", sectors=[sectors[0]])

    def cards():
        page = parse(client.get(reverse("articles:list")))
        return [a.get_text() for a in page.select(".card__title a")]

    assert cards() == ["Harbour sensors"]
    Article.objects.filter(pk=draft.pk).publish()
    assert sorted(cards()) == ["Harbour robots", "Harbour sensors"]
    page = parse(client.get(reverse("articles:list")))
    chips = [a.get_text() for a in page.select(".card .chips a")]
    assert chips == ["Ports"]  # the tags, read with the page
    Article.objects.filter(pk=draft.pk).unpublish()
    assert cards() == ["Harbour sensors"]
    Article.objects.get(title="Harbour sensors").delete()
    assert cards() == []


def test_a_tag_page_follows_the_index_at_once(client, sectors):
    ArticleFactory(title="Harbour sensors", sectors=[sectors[0]], tags=["Ports"])
    draft = ArticleFactory(draft=True, title="Harbour robots", tags=["Ports"])
    url = reverse("articles:tag_detail", kwargs={"slug": "ports"})

    def cards():
        page = parse(client.get(url))
        return sorted(a.get_text() for a in page.select(".card__title a"))

    assert cards() == ["Harbour sensors"]
    Article.objects.filter(pk=draft.pk).publish()
    assert cards() == ["Harbour robots", "Harbour sensors"]
    Article.objects.filter(pk=draft.pk).unpublish()
    assert cards() == ["Harbour sensors"]
