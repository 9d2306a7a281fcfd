"""Feeds for people: every "Subscribe" leads to a page (never to raw XML)
that says what a feed is, gives the three addresses to copy and one-click
links for web readers, and lists the feed's latest articles; /feeds/ lists
every feed, folded; an OPML file holds the main ones."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import quote, unquote, urlsplit

import feedparser
import pytest
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation

from .factories import ArticleFactory
from .html import parse, select_one, text

pytestmark = pytest.mark.django_db

FEED_ROUTES = {"site", "sector", "challenge", "tag", "articles"}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


@pytest.fixture
def filed(sectors, challenges):
    """Twelve published articles under one sector, challenge and tag (one in
    2025), a draft there too, and one Chinese article."""
    topics = {"sectors": [sectors[2]], "challenges": [challenges[0]]}
    articles = [
        ArticleFactory(
            title=f"Privacy story {i}",
            tags=["pdpo", "私隱"],
            published_at=timezone.now() - timedelta(days=i + 1),
            **topics,
        )
        for i in range(12)
    ]
    ArticleFactory(title="Secret draft", draft=True, tags=["pdpo"], **topics)
    ArticleFactory(chinese=True, title="中文文章", tags=["私隱"], **topics)
    return articles


def opens_a_feed(href):
    """Whether following ``href`` (an address on this site) gets a feed."""
    try:
        match = resolve(unquote(urlsplit(href).path))
    except Resolver404:
        return False
    return match.namespace == "feeds" and match.url_name in FEED_ROUTES


def pages(sector, challenge, language="en"):
    """Every kind of page a reader lands on, in one edition."""
    with translation.override(language):
        return {
            "home": reverse("home"),
            "sector": sector.get_absolute_url(),
            "challenge": challenge.get_absolute_url(),
            "tag": reverse("articles:tag_detail", kwargs={"slug": "私隱"}),
            "list filtered": reverse("articles:list")
            + f"?sector={sector.slug}&tag=%E7%A7%81%E9%9A%B1",
            "search results": reverse("articles:search") + "?q=privacy&year=2026",
            "explore": reverse("sectors:explore"),
            "feeds": reverse("feeds:subscribe"),
        }


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_no_link_on_any_page_opens_a_feed(client, filed, sectors, challenges, language):
    """Feed readers find the feeds in <head>; people get pages."""
    for name, url in pages(sectors[2], challenges[0], language).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = parse(response)
        links = [a["href"] for a in html.body.find_all("a", href=True)]
        assert not [href for href in links if opens_a_feed(href)], name
        # ... while autodiscovery still points at the real feeds.
        alternates = html.select('head link[rel="alternate"][type]')
        assert {link["type"] for link in alternates} >= set(FEED_TYPES[:2]), name
        assert all(opens_a_feed(link["href"]) for link in alternates), name


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_every_subscribe_link_leads_to_a_page_for_people(
    client, filed, sectors, challenges, language
):
    without_own_feed = {"explore", "feeds"}  # the footer's link only
    for name, url in pages(sectors[2], challenges[0], language).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = parse(response)
        subscribe = [a["href"] for a in html.select("main .subscribe a")]
        assert bool(subscribe) == (name not in without_own_feed), name
        footer = [a["href"] for a in html.select("footer a[href*='/feeds/']")]
        assert footer, name
        for href in subscribe + footer:
            response = client.get(href)
            assert response.status_code == 200, (name, href)
            assert response["Content-Type"].startswith("text/html"), (name, href)
            assert len(parse(response)("h1")) == 1


def test_subscribe_page_gives_the_three_absolute_addresses(client, filed, sectors):
    query = f"?sector={sectors[2].slug}&tag=pdpo"
    response = client.get(reverse("feeds:subscribe_to") + query)
    html = parse(response)
    expected = {
        "RSS": f"http://testserver/articles/feed/{query}",
        "Atom": f"http://testserver/articles/feed/atom/{query}",
        "JSON Feed": f"http://testserver/articles/feed/json/{query}",
    }
    shown = {}
    for field in html.select(".feed-address"):
        address = field.select_one("input")
        assert address.has_attr("readonly")  # plain, selectable text
        label = field.select_one(f'label[for="{address["id"]}"]')
        shown[text(label)] = address["value"]
        # The copy button appears only where the script runs.
        button = field.select_one(f'button[data-copy="{address["id"]}"]')
        assert button.has_attr("hidden")
    assert shown == expected
    for fmt, url in zip(FEED_TYPES, expected.values(), strict=True):
        feed = client.get(url)
        assert feed.status_code == 200 and feed["Content-Type"].startswith(fmt)
    assert "What" not in text(select_one(html, "h1"))
    assert "HK AI Observatory — Healthcare · #pdpo" in text(select_one(html, "h1"))
    assert "A feed is a list of the newest articles" in text(html)


def test_subscribe_page_lists_the_ten_latest_articles_of_its_scope(
    client, filed, sectors
):
    url = reverse("feeds:subscribe_to") + f"?sector={sectors[2].slug}&tag=pdpo"
    html = parse(client.get(url))
    titles = [text(a) for a in html.select(".card__title a")]
    assert titles == [f"Privacy story {i}" for i in range(10)]
    assert "Secret draft" not in text(html) and "中文文章" not in text(html)

    feed = feedparser.parse(client.get(html.select_one("#feed-rss")["value"]).content)
    assert [entry.title for entry in feed.entries[:10]] == titles


def test_subscribe_page_offers_web_readers_and_the_feed_scheme(client, filed, sectors):
    url = reverse("feeds:subscribe_to") + f"?challenge={filed[0].challenges.get().slug}"
    html = parse(client.get(url))
    rss = html.select_one("#feed-rss")["value"]
    encoded = quote(rss, safe="")
    links = {text(a): a["href"] for a in html.select(".reader-links a")}
    assert (
        links["Add to Feedly"] == f"https://feedly.com/i/subscription/feed%2F{encoded}"
    )
    assert links["Add to Inoreader"] == f"https://www.inoreader.com/?add_feed={encoded}"
    assert links["Add to NewsBlur"] == f"https://www.newsblur.com/?url={encoded}"
    assert f"feed:{rss}" in links.values()


def test_subscribe_page_is_ready_for_a_strict_content_security_policy(client, filed):
    """No inline script or style and no event-handler attributes: the copy
    buttons come from one static file."""
    html = parse(client.get(reverse("feeds:subscribe_to")))
    scripts = html.find_all("script")
    assert scripts and all(s.get("src", "").endswith("js/copy.js") for s in scripts)
    assert all(not s.string for s in scripts)
    assert not html.find_all("style") and not html.select("[style]")
    handlers = [
        (node.name, name)
        for node in html.find_all(True)
        for name in node.attrs
        if name.startswith("on")
    ]
    assert handlers == []
    assert finders.find("js/copy.js")  # self-hosted, collected with the rest


@pytest.mark.parametrize(
    ("query", "feed"),
    [
        ("", "/feeds/rss/"),
        ("?tag=%E7%A7%81%E9%9A%B1", "/tags/%E7%A7%81%E9%9A%B1/feed/"),
        ("?q=privacy&year=2026", "/articles/feed/?q=privacy&year=2026"),
        (
            "?q=privacy&sector=healthcare&challenge=data-privacy&tag=pdpo",
            "/articles/feed/"
            "?q=privacy&sector=healthcare&challenge=data-privacy&tag=pdpo",
        ),
    ],
)
def test_every_scope_has_its_subscribe_page(client, filed, query, feed):
    response = client.get(reverse("feeds:subscribe_to") + query)
    assert response.status_code == 200
    html = parse(response)
    assert html.select_one("#feed-rss")["value"] == f"http://testserver{feed}"
    assert client.get(feed).status_code == 200


def test_the_chinese_edition_has_its_own_subscribe_pages(client, filed):
    with translation.override("zh-hant"):
        url = reverse("feeds:subscribe_to") + "?tag=%E7%A7%81%E9%9A%B1"
    html = parse(client.get(url))
    assert html.html["lang"] == "zh-Hant-HK"
    assert html.select_one("#feed-rss")["value"].startswith(
        "http://testserver/zh-hant/tags/"
    )
    assert [text(a) for a in html.select(".card__title a")] == ["中文文章"]
    assert "訂閱" in text(select_one(html, "h1"))


@pytest.mark.parametrize(
    "query",
    [
        "?sector=no-such-sector",
        "?tag=%00",
        "?challenge=../../etc/passwd",
        "?sector=" + "x" * 5000,
        "?year=1066",
        "?year=abcd",
    ],
)
def test_a_subscribe_page_for_nothing_is_a_404(client, filed, query):
    assert client.get(reverse("feeds:subscribe_to") + query).status_code == 404


def test_feed_list_folds_its_groups_and_links_pages_not_feeds(
    client, filed, sectors, challenges
):
    html = parse(client.get(reverse("feeds:subscribe")))
    groups = html.select("main details.feed-group")
    summaries = [text(group.summary) for group in groups]
    assert summaries[0] == "Everything" and groups[0].has_attr("open")
    assert [s.split()[0] for s in summaries[1:4]] == ["Sectors", "Challenges", "Tags"]
    assert summaries[4] == "A sector and a challenge"
    assert not any(group.has_attr("open") for group in groups[1:])
    crossings = groups[4].select(".feed-row dt a")
    assert len(crossings) == len(sectors) * len(challenges)
    # Names lead to the pages for people; addresses are text to copy.
    for link in html.select(".feed-row dt a"):
        assert link["href"].startswith("/feeds/subscribe/")
    addresses = [text(code) for code in html.select(".feed-row code")]
    assert "http://testserver/feeds/atom/" in addresses
    assert f"http://testserver/sectors/{sectors[2].slug}/feed/" in addresses


# OPML ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_opml_lists_the_site_and_every_sector_and_challenge(
    client, filed, sectors, challenges, language
):
    with translation.override(language):
        response = client.get(reverse("feeds:opml"))
        expected = {
            "http://testserver"
            + reverse("feeds:site", kwargs={"fmt": "rss"}): "http://testserver"
            + reverse("articles:list"),
            **{
                f"http://testserver{topic.get_absolute_url()}feed/": (
                    f"http://testserver{topic.get_absolute_url()}"
                )
                for topic in [*sectors, *challenges]
            },
        }
        names = [str(topic.name) for topic in [*sectors, *challenges]]
    assert response["Content-Type"].startswith("text/x-opml")
    assert response["Content-Disposition"] == (
        f'attachment; filename="hk-ai-observatory-{language}.opml"'
    )
    root = ET.fromstring(response.content)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title")
    feeds = root.findall(".//outline[@xmlUrl]")
    assert {o.get("xmlUrl"): o.get("htmlUrl") for o in feeds} == expected
    assert len(feeds) == 1 + len(sectors) + len(challenges)
    for outline in feeds:
        assert outline.get("type") == "rss" and outline.get("text")
    assert all(any(name in o.get("text") for o in feeds) for name in names)
    folders = [o.get("text") for o in root.findall("body/outline[@text]")]
    assert len(folders) == 3  # the site's feed, then Sectors and Challenges
    feed = feedparser.parse(client.get(feeds[1].get("xmlUrl")).content)
    assert feed.bozo == 0


def test_feed_list_links_the_opml_file(client, filed):
    html = parse(client.get(reverse("feeds:subscribe")))
    link = html.select_one(f'main a[href="{reverse("feeds:opml")}"]')
    assert link is not None and link.has_attr("download")
