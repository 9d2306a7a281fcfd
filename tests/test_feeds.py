"""Feeds that feed readers trust: parsed with feedparser, as most readers do."""

import json
from datetime import timedelta
from email.utils import parsedate_to_datetime
from html import unescape

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory
from .html import parse as parse_html
from .html import text

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom"]


def parse(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def feed_urls(sector, challenge, tag_slug, fmt):
    """The feed of every kind of view, in one format."""
    kwargs = {} if fmt == "rss" else {"fmt": fmt}
    query = f"?sector={sector.slug}&challenge={challenge.slug}&tag={tag_slug}"
    return {
        "site": reverse("feeds:site", kwargs={"fmt": fmt}),
        "sector": reverse("feeds:sector", kwargs={"slug": sector.slug, **kwargs}),
        "challenge": reverse(
            "feeds:challenge", kwargs={"slug": challenge.slug, **kwargs}
        ),
        "tag": reverse("feeds:tag", kwargs={"slug": tag_slug, **kwargs}),
        "combination": reverse("feeds:articles", kwargs=kwargs) + query,
    }


@pytest.fixture
def filed(sectors, challenges):
    """One published article filed under a sector, a challenge and a tag."""
    return ArticleFactory(
        title="Octopus cards & <b>bold</b> claims",
        body="Read [the list](/articles/) and ![a chart](/media/chart.png).\n\n"
        "## Details\n\nMore text.",
        sectors=[sectors[2]],
        challenges=[challenges[0]],
        tags=["私隱"],
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_kind_of_feed_is_valid_and_complete(client, filed, fmt):
    sector, challenge = filed.sectors.get(), filed.challenges.get()
    for kind, url in feed_urls(sector, challenge, "私隱", fmt).items():
        feed = parse(client, url)
        assert len(feed.entries) == 1, kind
        entry = feed.entries[0]
        # The title reaches the reader as text: in Atom exactly as the editor
        # typed it (declared HTML, escaped); RSS cannot declare it, so
        # anything tag-like gets angle quotes no reader renders as markup.
        if fmt == "atom":
            assert entry.title_detail.type == "text/html"
            assert unescape(entry.title) == "Octopus cards & <b>bold</b> claims"
        else:
            assert entry.title == "Octopus cards & ‹b›bold‹/b› claims", kind
        assert entry.id.startswith("tag:") and entry.id.endswith(f":{filed.pk}")
        assert entry.link == f"http://testserver{filed.get_absolute_url()}"
        assert unescape(entry.summary) == filed.summary  # text, as HTML
        content = entry.content[0].value
        assert "<h2>Details</h2>" in content
        # Relative links and images inside the body are made absolute.
        assert 'href="http://testserver/articles/"' in content
        assert 'src="http://testserver/media/chart.png"' in content
        assert entry.published_parsed and entry.updated_parsed
        assert "updated" in entry  # its own element, not feedparser's fallback
        assert entry.author
        terms = {tag.term for tag in entry.tags}
        assert terms == {sector.name, challenge.name, "私隱"}
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert len(self_links) == 1 and self_links[0].startswith("http://testserver/")
        assert feed.feed.language == "en"


@pytest.mark.parametrize("fmt", FORMATS)
def test_dates_carry_time_zones(client, filed, fmt):
    raw = client.get(reverse("feeds:site", kwargs={"fmt": fmt})).content.decode()
    feed = feedparser.parse(raw)
    entry = feed.entries[0]
    if fmt == "rss":
        assert entry.published.endswith("+0800")
    else:
        assert entry.published.endswith("+08:00")  # Hong Kong time, stated
        assert entry.updated.endswith("+08:00")


def test_channel_says_which_view_it_is(client, filed):
    sector = filed.sectors.get()
    feed = parse(client, reverse("feeds:sector", kwargs={"slug": sector.slug}))
    assert feed.feed.title == f"HK AI Observatory — {sector.name}"
    assert feed.feed.link == f"http://testserver{sector.get_absolute_url()}"


def test_ids_never_change_when_title_slug_or_domain_change(client, filed):
    url = reverse("feeds:site", kwargs={"fmt": "atom"})
    before = parse(client, url).entries[0].id
    filed.title, filed.slug = "A new title", "a-new-slug"
    filed.save()
    after = parse(client, url, HTTP_HOST="localhost").entries[0]
    assert after.title == "A new title"
    assert after.id == before


def test_json_feed_has_the_json_feed_shape(client, filed):
    response = client.get(reverse("feeds:site", kwargs={"fmt": "json"}))
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "http://testserver/feeds/json/"
    assert feed["home_page_url"] == "http://testserver/articles/"
    (item,) = feed["items"]
    assert set(item) >= {"id", "url", "title", "content_html", "date_published"}
    assert item["title"] == filed.title
    assert item["summary"] == filed.summary
    assert item["date_published"].endswith("+08:00")
    assert item["authors"][0]["name"]
    assert "私隱" in item["tags"]


def test_feed_holds_the_newest_articles_up_to_the_limit(client, settings):
    settings.FEED_ITEMS = 3
    articles = [
        ArticleFactory(published_at=timezone.now() - timedelta(days=d))
        for d in range(1, 6)
    ]
    feed = parse(client, reverse("feeds:site", kwargs={"fmt": "rss"}))
    assert [e.title for e in feed.entries] == [a.title for a in articles[:3]]


def test_last_build_date_is_the_newest_items_update(client, filed):
    Article.objects.filter(pk=filed.pk).update(
        updated_at=timezone.now() - timedelta(days=3),
        published_at=timezone.now() - timedelta(days=5),
    )
    filed.refresh_from_db()
    response = client.get(reverse("feeds:site", kwargs={"fmt": "rss"}))
    feed = feedparser.parse(response.content)
    expected = filed.updated_at.utctimetuple()[:6]
    assert feed.feed.updated_parsed[:6] == expected
    last_modified = parsedate_to_datetime(response["Last-Modified"])
    assert last_modified.utctimetuple()[:6] == expected


def test_drafts_and_scheduled_articles_never_reach_any_feed(
    client, sectors, challenges
):
    everything = {"sectors": [sectors[0]], "challenges": [challenges[0]]}
    ArticleFactory(title="Live one", tags=["leak"], **everything)
    ArticleFactory(title="Secret draft", draft=True, tags=["leak"], **everything)
    ArticleFactory(title="Embargoed", scheduled=True, tags=["leak"], **everything)
    for fmt in [*FORMATS, "json"]:
        for url in feed_urls(sectors[0], challenges[0], "leak", fmt).values():
            body = client.get(url).content.decode()
            assert "Live one" in body, url
            assert "Secret draft" not in body and "Embargoed" not in body, url


def test_an_article_is_in_exactly_the_feeds_it_belongs_to(client, sectors, challenges):
    ArticleFactory(
        title="Filed carefully",
        sectors=[sectors[1]],
        challenges=[challenges[2]],
        tags=["trams"],
    )
    ArticleFactory(title="Elsewhere", sectors=[sectors[0]], tags=["boats"])
    inside = [
        reverse("feeds:site", kwargs={"fmt": "rss"}),
        reverse("feeds:sector", kwargs={"slug": sectors[1].slug}),
        reverse("feeds:challenge", kwargs={"slug": challenges[2].slug}),
        reverse("feeds:tag", kwargs={"slug": "trams"}),
        reverse("feeds:articles") + f"?sector={sectors[1].slug}&tag=trams",
    ]
    outside = [
        *(
            reverse("feeds:sector", kwargs={"slug": s.slug})
            for s in sectors
            if s != sectors[1]
        ),
        *(
            reverse("feeds:challenge", kwargs={"slug": c.slug})
            for c in challenges
            if c != challenges[2]
        ),
        reverse("feeds:tag", kwargs={"slug": "boats"}),
        reverse("feeds:articles") + f"?sector={sectors[0].slug}&tag=trams",
    ]
    for url in inside:
        assert "Filed carefully" in [e.title for e in parse(client, url).entries], url
    for url in outside:
        assert "Filed carefully" not in [e.title for e in parse(client, url).entries]


@pytest.mark.parametrize(
    "url",
    [
        "/sectors/no-such-sector/feed/",
        "/challenges/no-such-challenge/feed/atom/",
        "/tags/no-such-tag/feed/json/",
        "/articles/feed/?sector=no-such-sector",
        "/articles/feed/?tag=%00",
        "/articles/feed/?challenge=../../etc/passwd",
        "/articles/feed/?sector=" + "x" * 5000,
        "/feeds/xml/",
    ],
)
def test_unknown_scopes_are_404_not_an_empty_feed(client, filed, url):
    assert client.get(url).status_code == 404


def test_tag_only_on_drafts_has_no_feed(client):
    ArticleFactory(draft=True, tags=["embargoed-topic"])
    url = reverse("feeds:tag", kwargs={"slug": "embargoed-topic"})
    assert client.get(url).status_code == 404


def test_control_characters_never_break_a_feed(client, filed):
    # A raw UPDATE skips save()'s cleaning; the feed cleans again on output.
    Article.objects.filter(pk=filed.pk).update(
        title="Vertical\x0btab", summary="Back\x08space", body_html="<p>x\x0c</p>"
    )
    for fmt in FORMATS:
        feed = parse(client, reverse("feeds:site", kwargs={"fmt": fmt}))
        assert feed.entries[0].title == "Verticaltab"


# Conditional GET -----------------------------------------------------------


@pytest.mark.parametrize("fmt", [*FORMATS, "json"])
def test_unchanged_feed_is_304_after_two_queries(client, filed, fmt):
    """One query finds the sector, one aggregates the validators: no feed is
    built. (With the page cache on, a 304 takes no query at all.)"""
    url = reverse("feeds:sector", kwargs={"slug": filed.sectors.get().slug, "fmt": fmt})
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "max-age=300" in first["Cache-Control"]
    assert "public" in first["Cache-Control"]
    for headers in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url, **headers)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert len(queries) == 2


def test_publishing_changes_the_validators_of_exactly_its_feeds(client, filed, sectors):
    mine = reverse("feeds:sector", kwargs={"slug": sectors[2].slug})
    other = reverse("feeds:sector", kwargs={"slug": sectors[0].slug})
    ArticleFactory(sectors=[sectors[0]])
    etags = {url: client.get(url)["ETag"] for url in (mine, other)}

    draft = ArticleFactory(draft=True, title="Fresh news", sectors=[sectors[2]])
    assert client.get(mine, HTTP_IF_NONE_MATCH=etags[mine]).status_code == 304
    draft.status = Article.Status.PUBLISHED
    draft.save()

    fresh = client.get(mine, HTTP_IF_NONE_MATCH=etags[mine])
    assert fresh.status_code == 200
    assert fresh["ETag"] != etags[mine]
    assert "Fresh news" in fresh.content.decode()
    assert client.get(other, HTTP_IF_NONE_MATCH=etags[other]).status_code == 304


def test_editing_and_unpublishing_change_the_validators(client, filed):
    url = reverse("feeds:site", kwargs={"fmt": "rss"})
    ArticleFactory()  # keep the feed non-empty after the unpublish
    etag = client.get(url)["ETag"]
    filed.summary = "A corrected summary."
    filed.save()
    edited = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (
        edited.status_code == 200 and "A corrected summary." in edited.content.decode()
    )

    Article.objects.filter(pk=filed.pk).update(status=Article.Status.DRAFT)
    unpublished = client.get(url, HTTP_IF_NONE_MATCH=edited["ETag"])
    assert unpublished.status_code == 200
    assert filed.title not in unpublished.content.decode()


def test_scheduled_article_changes_the_validators_when_it_comes_due(client, filed):
    url = reverse("feeds:site", kwargs={"fmt": "atom"})
    soon = ArticleFactory(title="Due now", scheduled=True)
    etag = client.get(url)["ETag"]
    Article.objects.filter(pk=soon.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Due now" in response.content.decode()


# Discovery -------------------------------------------------------------------


def test_pages_advertise_their_own_feed_and_the_site_feed(client, filed):
    sector = filed.sectors.get()
    pages = {
        sector.get_absolute_url(): reverse(
            "feeds:sector", kwargs={"slug": sector.slug}
        ),
        filed.challenges.get().get_absolute_url(): reverse(
            "feeds:challenge", kwargs={"slug": filed.challenges.get().slug}
        ),
        reverse("articles:tag_detail", kwargs={"slug": "私隱"}): reverse(
            "feeds:tag", kwargs={"slug": "私隱"}
        ),
        reverse("articles:list") + f"?sector={sector.slug}": reverse(
            "feeds:sector", kwargs={"slug": sector.slug}
        ),
    }
    site_feed = reverse("feeds:site", kwargs={"fmt": "rss"})
    for page, own_feed in pages.items():
        html = parse_html(client.get(page))
        advertised = {
            link["title"]: link["href"]
            for link in html.select('head link[rel="alternate"][type]')
            if link["type"] == "application/rss+xml"
        }
        assert advertised["HK AI Observatory (RSS)"] == site_feed, page
        assert own_feed in advertised.values(), page
        subscribe = html.select_one("main .subscribe a")
        assert text(subscribe) == "Subscribe", page
        # A page for people (never the raw feed) that gives this page's feed.
        answer = client.get(subscribe["href"])
        assert answer["Content-Type"].startswith("text/html"), page
        addresses = parse_html(answer).select("input.feed-address__url")
        assert f"http://testserver{own_feed}" in [a["value"] for a in addresses]
    home = parse_html(client.get(reverse("home")))
    assert site_feed in [link["href"] for link in home.select("head link")]
    footer_links = [a["href"] for a in home.select("footer a")]
    assert reverse("feeds:subscribe") in footer_links


def test_subscribe_page_lists_every_feed(client, filed, sectors, challenges):
    html = client.get(reverse("feeds:subscribe")).content.decode()
    assert "http://testserver/feeds/rss/" in html
    assert "http://testserver/feeds/atom/" in html
    for topic in [*sectors, *challenges]:
        assert f"http://testserver{topic.get_absolute_url()}feed/" in html
    assert reverse("feeds:tag", kwargs={"slug": "私隱"}) in html


# No frozen clock -------------------------------------------------------------


def test_a_tag_first_used_after_start_up_has_its_feeds_and_filters(client):
    """Querysets built at import once froze "now": an article published after
    the workers started was missing from every tag filter until a restart."""
    assert client.get(reverse("articles:tag_list")).status_code == 200  # started
    ArticleFactory(title="Brand new", tags=["brand new"], published_at=timezone.now())
    for url in [
        reverse("articles:tag_detail", kwargs={"slug": "brand-new"}),
        reverse("feeds:tag", kwargs={"slug": "brand-new"}),
        reverse("feeds:tag", kwargs={"slug": "brand-new", "fmt": "json"}),
        reverse("articles:list") + "?tag=brand-new",
        reverse("feeds:articles") + "?tag=brand-new",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Brand new" in response.content.decode(), url
