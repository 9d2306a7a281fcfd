"""Two editions: English at the plain addresses, Traditional Chinese under
/zh-hant/, each with its own articles, counts, feeds and cache entries."""

import warnings
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from bs4 import XMLParsedAsHTMLWarning
from django.urls import reverse
from django.utils import timezone, translation

from .factories import ArticleFactory
from .html import parse, text
from .servers import call_wsgi

pytestmark = pytest.mark.django_db


def in_language(code, name, **kwargs):
    with translation.override(code):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def editions(sectors, challenges):
    """An English article and its Chinese translation, and one of each alone."""
    english = ArticleFactory(
        title="Hospitals try AI triage",
        slug="hospitals-ai-triage",
        sectors=[sectors[2]],
        challenges=[challenges[0]],
        tags=["triage"],
    )
    chinese = ArticleFactory(
        chinese=True,
        title="醫院試用人工智能分流",
        slug="醫院人工智能分流",
        translation_group=english.translation_group,
        sectors=[sectors[2]],
        challenges=[challenges[0]],
        tags=["分流"],
    )
    only_english = ArticleFactory(title="Only in English", sectors=[sectors[2]])
    only_chinese = ArticleFactory(chinese=True, title="只有中文", sectors=[sectors[2]])
    return {
        "english": english,
        "chinese": chinese,
        "only_english": only_english,
        "only_chinese": only_chinese,
    }


MENUS = {
    "en": ["Sectors", "Challenges", "Explore", "All articles", "Tags"],
    "zh-hant": ["行業", "挑戰", "探索", "所有文章", "標籤"],
}
PAGES = [
    ("home", {}),
    ("sectors:sector_list", {}),
    ("sectors:sector_detail", {"slug": "healthcare"}),
    ("sectors:challenge_list", {}),
    ("sectors:challenge_detail", {"slug": "data-privacy"}),
    ("sectors:explore", {}),
    ("articles:list", {}),
    ("articles:tag_list", {}),
    ("feeds:subscribe", {}),
]


@pytest.mark.parametrize("name, kwargs", PAGES)
def test_every_page_speaks_its_language_and_lists_its_edition(
    client, editions, name, kwargs
):
    for code, lang, mine, theirs in [
        ("en", "en", "Hospitals try AI triage", "醫院試用人工智能分流"),
        ("zh-hant", "zh-Hant-HK", "醫院試用人工智能分流", "Hospitals try AI triage"),
    ]:
        url = in_language(code, name, **kwargs)
        assert url.startswith("/zh-hant/") == (code == "zh-hant")
        response = client.get(url)
        assert response.status_code == 200, url
        page = parse(response)
        assert page.html["lang"] == lang
        body = text(page.select_one("main"))
        assert theirs not in body, url
        if name in ("home", "sectors:sector_detail", "articles:list"):
            assert mine in body, url
        # The navigation stays in the edition, and speaks its language.
        nav = [a["href"] for a in page.select("nav.site-nav a")]
        assert all(h.startswith("/zh-hant/") == (code == "zh-hant") for h in nav)
        menu = [text(a) for a in page.select("nav.site-nav > ul > li > a")]
        assert menu == MENUS[code], url


def test_counts_and_tags_are_per_edition(client, editions, sectors):
    english = parse(client.get(in_language("en", "sectors:sector_list")))
    chinese = parse(client.get(in_language("zh-hant", "sectors:sector_list")))

    def healthcare_count(page):
        card = next(c for c in page.select("article.card") if "/healthcare/" in str(c))
        return text(card.select_one(".meta"))

    assert healthcare_count(english).startswith("2")
    assert healthcare_count(chinese).startswith("2")
    assert "分流" not in text(parse(client.get(in_language("en", "articles:tag_list"))))
    zh_tags = text(parse(client.get(in_language("zh-hant", "articles:tag_list"))))
    assert "分流" in zh_tags and "triage" not in zh_tags


def test_an_article_lives_at_its_own_languages_address(client, editions):
    chinese = editions["chinese"]
    url = chinese.get_absolute_url()
    assert url.startswith("/zh-hant/articles/")
    response = client.get(url)
    assert response.status_code == 200  # a Chinese slug, end to end
    assert parse(response).html["lang"] == "zh-Hant-HK"
    wrong = in_language("en", "articles:detail", slug=chinese.slug)
    moved = client.get(wrong)
    assert (moved.status_code, moved["Location"]) == (301, url)


def switch_target(page):
    """Where the language switch leads (its ``next``), and the switch URL."""
    link = page.select_one(".language-switch a")
    return parse_qs(urlsplit(link["href"]).query)["next"][0], link


def test_the_switch_leads_to_the_translation_or_the_other_editions_list(
    client, editions
):
    english = parse(client.get(editions["english"].get_absolute_url()))
    target, link = switch_target(english)
    assert target == editions["chinese"].get_absolute_url()
    assert link["lang"] == "zh-Hant-HK" and text(link) == "繁體中文"

    alone = parse(client.get(editions["only_english"].get_absolute_url()))
    assert switch_target(alone)[0] == in_language("zh-hant", "articles:list")

    chinese = parse(client.get(editions["chinese"].get_absolute_url()))
    assert switch_target(chinese)[0] == editions["english"].get_absolute_url()

    sector = parse(
        client.get(in_language("en", "sectors:sector_detail", slug="fintech"))
    )
    assert switch_target(sector)[0] == "/zh-hant/sectors/fintech/"


def test_the_switch_remembers_the_choice_and_refuses_other_sites(client, db):
    response = client.get("/language/zh-hant/", {"next": "/zh-hant/explore/"})
    assert (response.status_code, response["Location"]) == (302, "/zh-hant/explore/")
    assert response.cookies["django_language"].value == "zh-hant"
    assert "no-cache" in response["Cache-Control"]
    elsewhere = client.get("/language/en/", {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"
    assert client.get("/language/fr/").status_code == 404


@pytest.mark.parametrize(
    "headers, answer",
    [
        ({"HTTP_ACCEPT_LANGUAGE": "zh-HK,zh;q=0.9,en;q=0.5"}, "/zh-hant/"),
        ({"HTTP_ACCEPT_LANGUAGE": "zh-TW"}, "/zh-hant/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, None),
        ({}, None),
        # A choice made with the switch wins over the browser, both ways.
        ({"HTTP_ACCEPT_LANGUAGE": "zh-HK", "HTTP_COOKIE": "django_language=en"}, None),
        (
            {"HTTP_ACCEPT_LANGUAGE": "en", "HTTP_COOKIE": "django_language=zh-hant"},
            "/zh-hant/",
        ),
    ],
)
def test_only_the_first_visit_to_the_home_page_follows_the_browser(
    page_cache, editions, headers, answer
):
    status, response_headers, body = call_wsgi("/", **headers)
    if answer:
        assert (status, response_headers["Location"]) == ("302 Found", answer)
        assert "Accept-Language" in response_headers["Vary"]
    else:
        assert status == "200 OK"
        assert b'<html lang="en">' in body
    # Any other address is in its own language whatever the browser says.
    status, _, body = call_wsgi("/explore/", HTTP_ACCEPT_LANGUAGE="zh-HK")
    assert status == "200 OK" and b'<html lang="en">' in body


def test_the_page_cache_never_serves_one_editions_page_for_the_other(
    client, page_cache, editions
):
    english = client.get(in_language("en", "articles:list"))
    again = client.get(in_language("en", "articles:list"))
    assert again["X-Cache"] == "hit"
    chinese = client.get(in_language("zh-hant", "articles:list"))
    assert chinese["X-Cache"] == "miss"
    assert parse(chinese).html["lang"] == "zh-Hant-HK"
    assert chinese["ETag"] != english["ETag"]
    chinese_feed = client.get(in_language("zh-hant", "feeds:site", fmt="rss"))
    english_feed = client.get(in_language("en", "feeds:site", fmt="rss"))
    assert chinese_feed["ETag"] != english_feed["ETag"]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_each_edition_has_its_own_feeds_in_its_language(client, editions, fmt):
    english = feedparser.parse(
        client.get(in_language("en", "feeds:site", fmt=fmt)).content
    )
    chinese = feedparser.parse(
        client.get(in_language("zh-hant", "feeds:site", fmt=fmt)).content
    )
    assert english.bozo == 0 and chinese.bozo == 0
    assert english.feed.language == "en"
    assert chinese.feed.language == "zh-Hant-HK"
    assert {e.title for e in chinese.entries} == {"醫院試用人工智能分流", "只有中文"}
    assert "醫院試用人工智能分流" not in {e.title for e in english.entries}
    link = english.entries[0].link
    assert "/zh-hant/" not in link
    assert all("/zh-hant/" in e.link for e in chinese.entries)


def test_a_chinese_tag_on_an_english_page_is_marked_as_chinese(client, editions):
    ArticleFactory(title="Privacy rules", tags=["私隱"])
    page = parse(client.get(reverse("articles:tag_list")))
    link = next(a for a in page.select(".tag-cloud a") if text(a) == "私隱")
    assert link["lang"] == "zh-Hant-HK"
    english_tag = next(a for a in page.select(".tag-cloud a") if text(a) == "triage")
    assert not english_tag.has_attr("lang")


# Alternates for search engines. -------------------------------------------------


def hreflangs(page):
    return {
        link["hreflang"]: link["href"]
        for link in page.select('head link[rel="alternate"][hreflang]')
    }


def test_an_article_names_its_translations_and_the_default(client, editions):
    english, chinese = editions["english"], editions["chinese"]
    both = {
        "en": f"http://testserver{english.get_absolute_url()}",
        "zh-Hant-HK": f"http://testserver{chinese.get_absolute_url()}",
        "x-default": f"http://testserver{english.get_absolute_url()}",
    }
    for article in (english, chinese):
        assert hreflangs(parse(client.get(article.get_absolute_url()))) == both
    alone = parse(client.get(editions["only_chinese"].get_absolute_url()))
    assert hreflangs(alone) == {
        "zh-Hant-HK": f"http://testserver{editions['only_chinese'].get_absolute_url()}"
    }


def test_pages_every_edition_has_name_both(client, editions):
    page = parse(client.get(in_language("zh-hant", "sectors:explore")))
    assert hreflangs(page) == {
        "en": "http://testserver/explore/",
        "zh-Hant-HK": "http://testserver/zh-hant/explore/",
        "x-default": "http://testserver/explore/",
    }
    assert hreflangs(parse(client.get("/no/such/page/"))) == {}  # a 404 has none


def test_the_sitemap_lists_each_edition_with_its_alternates(client, editions):
    ArticleFactory(draft=True, title="Secret", slug="secret-draft")
    index = client.get("/sitemap.xml")  # an index of sections (tests/test_seo.py)
    assert index.status_code == 200
    entries = {}
    with warnings.catch_warnings():  # html.parser reads this XML well enough
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        for section in parse(index).find_all("loc"):
            response = client.get(section.text)
            assert response.status_code == 200
            entries |= {
                url.loc.text: {
                    link["hreflang"]: link["href"]
                    for link in url.find_all("xhtml:link")
                }
                for url in parse(response).find_all("url")
            }
    english = f"http://testserver{editions['english'].get_absolute_url()}"
    chinese = f"http://testserver{editions['chinese'].get_absolute_url()}"
    assert (
        entries[english]
        == entries[chinese]
        == {
            "en": english,
            "zh-hant": chinese,
            "x-default": english,
        }
    )
    only_chinese = f"http://testserver{editions['only_chinese'].get_absolute_url()}"
    assert set(entries[only_chinese]) == {"zh-hant"}
    assert "http://testserver/zh-hant/sectors/healthcare/" in entries
    assert "http://testserver/tags/triage/" in entries
    assert "http://testserver/zh-hant/tags/triage/" not in entries  # not used there
    assert not any("secret-draft" in loc for loc in entries)


def test_dates_are_written_as_each_language_writes_them(client, sectors):
    when = timezone.make_aware(datetime(2025, 3, 14, 9, 30))
    english = ArticleFactory(title="Dated", published_at=when)
    chinese = ArticleFactory(chinese=True, title="有日期", published_at=when)
    english_date = parse(client.get(english.get_absolute_url())).select_one("time")
    chinese_date = parse(client.get(chinese.get_absolute_url())).select_one("time")
    assert text(english_date) == "14 March 2025"
    assert text(chinese_date) == "2025年3月14日"
    assert english_date["datetime"] == chinese_date["datetime"]
