"""What search engines and link previews read: each page's canonical address,
Open Graph and Twitter card tags, JSON-LD, the sitemaps and robots.txt."""

import io
import json
import struct
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.encoding import iri_to_uri
from django.utils.translation import override
from PIL import Image as PILImage

from articles import sitemaps
from articles.models import Article

from .factories import ArticleFactory, AuthorProfileFactory, UserFactory
from .html import parse, text
from .test_pages import public_urls  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
JUNK = "utm_source=newsletter&utm_medium=email&fbclid=abc123"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


# Helpers: read the head as a crawler does.


def canonical(page):
    """The page's one canonical address; None if it has none."""
    links = parse(page).head.select('link[rel="canonical"]')
    assert len(links) <= 1
    return links[0]["href"] if links else None


def meta(page, key):
    """Every ``content`` of the head's ``<meta property|name=key>``."""
    head = parse(page).head
    return [
        m["content"]
        for m in head.find_all("meta")
        if key in (m.get("property"), m.get("name"))
    ]


def one(page, key):
    [value] = meta(page, key)
    return value


def json_ld(page):
    """``{@type: object}`` for each JSON-LD script in the head."""
    scripts = parse(page).head.select('script[type="application/ld+json"]')
    objects = [json.loads(script.string) for script in scripts]
    by_type = {obj["@type"]: obj for obj in objects}
    assert len(by_type) == len(objects)
    return by_type


def visible_breadcrumbs(page):
    """``[(name, absolute href or None)]`` as the page shows them."""
    return [
        (text(li), SERVER + iri_to_uri(li.a["href"]) if li.a else None)
        for li in parse(page).select("nav.breadcrumbs li")
    ]


def with_junk(url):
    return url + ("&" if "?" in url else "?") + JUNK


def absolute(path):
    return SERVER + iri_to_uri(path)


def _on(year, month, day, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def editions(public_urls):  # noqa: F811 (the fixture imported above)
    """Every public page's address in each edition: the smoke test's article
    gets a Chinese translation, with its date and topics, so that the Chinese
    archives and tag page exist too."""
    english = Article.objects.published().get()
    chinese = ArticleFactory(
        chinese=True,
        title="人工智能與私隱",
        slug="ai-privacy-zh",
        translation_group=english.translation_group,
        published_at=english.published_at,
        sectors=list(english.sectors.all()),
        challenges=list(english.challenges.all()),
        tags=list(english.tags.all()),
    )
    pages = {
        name: url
        for name, url in public_urls.items()
        if name != "articles:shared_preview"
    }
    return {
        "en": pages,
        "zh-hant": {
            **{name: translate_url(url, "zh-hant") for name, url in pages.items()},
            "articles:detail": chinese.get_absolute_url(),
        },
    }


# Canonical addresses


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_every_public_page_names_its_own_address_without_tracking(
    client, editions, language
):
    for name, url in editions[language].items():
        response = client.get(with_junk(url))
        assert response.status_code == 200, name
        assert canonical(response) == absolute(url), name
        assert one(response, "og:url") == canonical(response), name


def test_paginated_lists_keep_their_page_and_their_filters(client, settings, sectors):
    settings.ARTICLES_PER_PAGE = 2
    ArticleFactory.create_batch(5, sectors=[sectors[0]], tags=["CCTV"])
    sector = sectors[0].slug
    cases = {
        f"/articles/?page=2&{JUNK}": "/articles/?page=2",
        "/articles/?page=1": "/articles/",
        f"/articles/?tag=cctv&{JUNK}&sector={sector}&page=3": (
            f"/articles/?sector={sector}&tag=cctv&page=3"
        ),
        "/tags/cctv/?page=2": "/tags/cctv/?page=2",
        "/zh-hant/articles/?page=1": "/zh-hant/articles/",
    }
    for url, expected in cases.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert canonical(response) == absolute(expected), url


def test_previews_and_missing_pages_offer_nothing_to_share(client, public_urls):  # noqa: F811
    for url in (public_urls["articles:shared_preview"], "/no/such/page/"):
        response = client.get(url)
        assert canonical(response) is None
        assert meta(response, "og:title") == []
        assert meta(response, "twitter:card") == []
        assert json_ld(response) == {}


def test_only_lists_of_words_searched_for_ask_not_to_be_indexed(client, sectors):
    ArticleFactory(title="Lantau robots", sectors=[sectors[0]])
    sector = sectors[0].slug
    for url, robots in (
        ("/articles/", []),
        (f"/articles/?sector={sector}", []),
        ("/articles/?q=robots", ["noindex, follow"]),
        ("/search/?q=robots", ["noindex, follow"]),
    ):
        assert meta(client.get(url), "robots") == robots, url


# Open Graph and Twitter cards


def test_a_page_is_shared_with_its_title_description_and_the_site_card(
    client, editions
):
    for language, cases in (("en", "en_HK"), ("zh-hant", "zh_HK")):
        response = client.get(editions[language]["sectors:explore"])
        page = parse(response)
        title = text(page.title).rsplit(" · ", 1)[0]
        assert one(response, "og:title") == one(response, "twitter:title") == title
        description = one(response, "description")
        assert one(response, "og:description") == description
        assert one(response, "twitter:description") == description
        assert one(response, "og:type") == "website"
        assert one(response, "og:locale") == cases
        assert meta(response, "og:locale:alternate") == [
            {"en_HK": "zh_HK", "zh_HK": "en_HK"}[cases]
        ]
        site_name = {"en": "HK AI Observatory", "zh-hant": "香港人工智能觀察站"}
        assert one(response, "og:site_name") == site_name[language]
        card = f"{SERVER}/static/img/share-card.png"
        assert one(response, "og:image") == one(response, "twitter:image") == card
        assert one(response, "og:image:width") == "1200"
        assert one(response, "og:image:height") == "630"
        assert one(response, "og:image:alt") == site_name[language]
        assert one(response, "twitter:image:alt") == site_name[language]
        assert one(response, "twitter:card") == "summary_large_image"


def test_every_address_a_card_names_is_absolute(client, editions):
    keys = ["og:url", "og:image", "twitter:image"]
    for pages in editions.values():
        for url in pages.values():
            response = client.get(url)
            for key in keys:
                assert one(response, key).startswith(SERVER + "/"), (url, key)
            assert canonical(response).startswith(SERVER + "/")


def test_an_article_is_shared_as_an_article(client, sectors):
    article = ArticleFactory(
        title="Hospitals triage with AI",
        summary="Queen Mary Hospital tries an AI triage nurse.",
        published_at=_on(2025, 3, 14),
        sectors=[sectors[2]],
        tags=["triage", "私隱"],
    )
    response = client.get(article.get_absolute_url())
    assert one(response, "og:type") == "article"
    assert one(response, "og:title") == "Hospitals triage with AI"
    assert one(response, "og:description") == article.summary
    assert one(response, "article:published_time") == "2025-03-14T12:00:00+08:00"
    modified = parse_datetime(one(response, "article:modified_time"))
    assert modified.utcoffset() == timedelta(hours=8)
    assert modified >= article.published_at
    assert meta(response, "article:section") == [sectors[2].name]
    assert sorted(meta(response, "article:tag")) == ["triage", "私隱"]
    # Untranslated: no other locale to offer.
    assert meta(response, "og:locale:alternate") == []


def test_an_article_with_a_hero_image_offers_it(client):
    """Its widest JPEG rendition replaces the site card."""
    photo = io.BytesIO()
    PILImage.new("RGB", (2000, 1000), "teal").save(photo, "JPEG")
    article = ArticleFactory(
        hero_image=SimpleUploadedFile("lantau.jpg", photo.getvalue()),
        hero_alt="Robots on Lantau",
    )
    widest = article.hero.jpeg[-1]
    response = client.get(article.get_absolute_url())
    assert one(response, "og:image") == f"{SERVER}{widest.url}"
    assert widest.url.endswith(".1600w.jpg")
    assert one(response, "og:image:width") == "1600"
    assert one(response, "og:image:height") == "800"
    assert one(response, "og:image:alt") == "Robots on Lantau"
    [image] = json_ld(response)["NewsArticle"]["image"]
    assert image["url"] == f"{SERVER}{widest.url}"
    assert client.get(widest.url).status_code == 200


def test_the_site_card_is_committed_at_its_size():
    """1200 × 630 PNG, as Open Graph and Twitter's large card want."""
    for name, size in (
        ("img/share-card.png", (1200, 630)),
        ("img/logo.png", (512, 512)),
    ):
        data = Path(finders.find(name)).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == size  # the IHDR chunk


def test_the_card_can_be_drawn_again(tmp_path):
    pytest.importorskip("PIL", reason="Pillow comes with the dev extras")
    from PIL import Image as PillowImage

    from hkai.seo.management.commands.make_share_card import FONT

    if not Path(FONT).exists():
        pytest.skip("needs fonts-noto-cjk")
    call_command("make_share_card", output=tmp_path, stdout=io.StringIO())
    assert PillowImage.open(tmp_path / "share-card.png").size == (1200, 630)
    assert PillowImage.open(tmp_path / "logo.png").size == (512, 512)


# JSON-LD


def test_an_article_is_described_as_a_news_article(client, sectors):
    author = UserFactory(first_name="Mei", last_name="Chan")
    article = ArticleFactory(
        title="Hospitals triage with AI",
        summary="Queen Mary Hospital tries an AI triage nurse.",
        author=author,
        published_at=_on(2025, 3, 14),
        sectors=[sectors[2]],
        tags=["triage"],
    )
    response = client.get(article.get_absolute_url())
    news = json_ld(response)["NewsArticle"]
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == "Hospitals triage with AI"
    assert news["description"] == article.summary
    assert news["datePublished"] == "2025-03-14T12:00:00+08:00"
    modified = datetime.fromisoformat(news["dateModified"])
    assert modified.utcoffset() == timedelta(hours=8)
    assert modified >= datetime.fromisoformat(news["datePublished"])
    assert news["inLanguage"] == "en"
    assert news["mainEntityOfPage"]["@id"] == canonical(response)
    assert news["author"] == [{"@type": "Person", "name": "Mei Chan"}]
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "HK AI Observatory"
    assert publisher["logo"]["url"] == f"{SERVER}/static/img/logo.png"
    assert (publisher["logo"]["width"], publisher["logo"]["height"]) == (512, 512)
    [image] = news["image"]
    assert image["url"] == f"{SERVER}/static/img/share-card.png"
    assert news["articleSection"] == [sectors[2].name]
    assert news["keywords"] == ["triage"]


def test_a_chinese_article_says_so(client):
    article = ArticleFactory(chinese=True, title="醫院用人工智能分流")
    news = json_ld(client.get(article.get_absolute_url()))["NewsArticle"]
    assert news["inLanguage"] == "zh-Hant-HK"
    assert news["headline"] == "醫院用人工智能分流"
    assert news["publisher"]["name"] == "香港人工智能觀察站"


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_breadcrumb_list_matches_the_visible_breadcrumbs(client, language):
    article = ArticleFactory(language=language, title="Lantau robots")
    response = client.get(article.get_absolute_url())
    crumbs = json_ld(response)["BreadcrumbList"]["itemListElement"]
    shown = visible_breadcrumbs(response)
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert [c["name"] for c in crumbs] == [name for name, _href in shown]
    for crumb, (_name, href) in zip(crumbs, shown, strict=True):
        assert crumb["item"] == (href or canonical(response))
    assert shown[-1] == ("Lantau robots", None)  # the page itself: no link


@pytest.mark.parametrize(
    ("language", "name", "prefix"),
    [("en", "Mei Chan", ""), ("zh-hant", "陳美", "/zh-hant")],
)
def test_an_author_with_a_page_is_named_and_linked_as_the_byline(
    client, language, name, prefix
):
    profile = AuthorProfileFactory(
        slug="mei-chan", display_name_en="Mei Chan", display_name_zh_hant="陳美"
    )
    article = ArticleFactory(author=profile.user, language=language)
    response = client.get(article.get_absolute_url())
    news = json_ld(response)["NewsArticle"]
    url = f"{SERVER}{prefix}/authors/mei-chan/"
    assert news["author"] == [{"@type": "Person", "name": name, "url": url}]
    byline = parse(response).select_one('a[rel="author"]')
    assert (text(byline), SERVER + byline["href"]) == (name, url)


def test_markup_in_a_title_cannot_leave_the_script(client):
    title = 'Robots </script><script>alert("x")</script> & <!-- more'
    article = ArticleFactory(title=title)
    response = client.get(article.get_absolute_url())
    assert json_ld(response)["NewsArticle"]["headline"] == title
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "home", "search"),
    [
        ("en", "/", "/search/"),
        ("zh-hant", "/zh-hant/", "/zh-hant/search/"),
    ],
)
def test_the_home_page_describes_the_site_and_its_search(
    client, sectors, language, home, search
):
    ArticleFactory(language=language, title="Lantau robots sort parcels")
    response = client.get(home)
    data = json_ld(response)
    site = data["WebSite"]
    assert site["url"] == SERVER + home
    assert site["inLanguage"] == {"en": "en", "zh-hant": "zh-Hant-HK"}[language]
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == f"{SERVER}{search}?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    organization = data["Organization"]
    assert site["publisher"]["@id"] == organization["@id"]
    assert organization["logo"]["url"] == f"{SERVER}/static/img/logo.png"
    # The template works: a search engine's box lands on results.
    results = client.get(template.replace("{search_term_string}", "robots"))
    assert "Lantau robots sort parcels" in results.content.decode()


def test_only_the_home_page_and_articles_carry_json_ld(client, editions):
    for name, url in editions["en"].items():
        types = set(json_ld(client.get(url)))
        expected = {
            "home": {"WebSite", "Organization"},
            "articles:detail": {"NewsArticle", "BreadcrumbList"},
        }.get(name, set())
        assert types == expected, name


# The sitemaps


def xml(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # well-formed, or this raises


def sitemap_entries(client):
    """``{loc: (lastmod, {hreflang: href})}`` over every section the index names."""
    index = xml(client.get("/sitemap.xml"))
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    entries = {}
    for section in index.findall("sm:sitemap/sm:loc", NS):
        urlset = xml(client.get(section.text))
        assert urlset.tag == f"{{{NS['sm']}}}urlset"
        for url in urlset.findall("sm:url", NS):
            loc = url.find("sm:loc", NS).text
            assert loc not in entries, loc
            lastmod = url.find("sm:lastmod", NS)
            entries[loc] = (
                lastmod.text if lastmod is not None else None,
                {
                    link.get("hreflang"): link.get("href")
                    for link in url.findall("xhtml:link", NS)
                },
            )
    return entries


@pytest.fixture
def site(sectors, challenges):
    """A published pair, an English article alone, a draft and a scheduled one."""
    english = ArticleFactory(
        title="Hospitals triage with AI",
        slug="hospital-triage",
        published_at=_on(2025, 3, 14),
        sectors=[sectors[2]],
        challenges=[challenges[0]],
        tags=["triage"],
    )
    chinese = ArticleFactory(
        chinese=True,
        slug="hospital-triage-zh",
        translation_group=english.translation_group,
        published_at=_on(2025, 3, 15),
        sectors=[sectors[2]],
        tags=["triage"],
    )
    alone = ArticleFactory(
        slug="smart-lamp-posts", published_at=_on(2025, 6, 1), sectors=[sectors[1]]
    )
    draft = ArticleFactory(
        draft=True, slug="secret-draft", sectors=[sectors[4]], tags=["secret"]
    )
    scheduled = ArticleFactory(
        scheduled=True, slug="next-week", sectors=[sectors[3]], tags=["soon"]
    )
    # Saved later than published: lastmod is the save.
    Article.objects.filter(pk=alone.pk).update(updated_at=_on(2025, 7, 2))
    return {
        "english": english,
        "chinese": chinese,
        "alone": Article.objects.get(pk=alone.pk),
        "draft": draft,
        "scheduled": scheduled,
    }


def test_the_sitemap_lists_published_pages_only_each_with_lastmod(client, site):
    entries = sitemap_entries(client)
    for name in ("draft", "scheduled"):
        assert not any(site[name].slug in loc for loc in entries), name
    for sector in ("fintech", "startups-innovation"):  # only a draft's, a scheduled's
        assert not any(f"/sectors/{sector}/" in loc for loc in entries)
    assert not any(tag in loc for loc in entries for tag in ("/secret/", "/soon/"))
    assert all(lastmod for lastmod, _links in entries.values())
    # Every address listed answers, and is the canonical address of its page.
    for loc in entries:
        response = client.get(loc)
        assert response.status_code == 200, loc
        assert canonical(response) == loc


def test_lastmod_is_when_the_edition_last_changed(client, site, sectors):
    """An article: when it was last saved; a topic or tag page: its newest
    article in that edition. To the second, with Hong Kong's offset."""
    entries = sitemap_entries(client)

    def lastmod(path):
        when = entries[absolute(path)][0]
        assert when.endswith("+08:00"), when
        return datetime.fromisoformat(when)

    def saved(article):
        return article.updated_at.replace(microsecond=0)

    assert lastmod(site["alone"].get_absolute_url()) == _on(2025, 7, 2)
    assert lastmod(site["english"].get_absolute_url()) == saved(site["english"])
    assert lastmod(sectors[1].get_absolute_url()) == _on(2025, 7, 2)
    assert lastmod(sectors[2].get_absolute_url()) == saved(site["english"])
    assert lastmod("/tags/triage/") == saved(site["english"])
    profile = AuthorProfileFactory(user=site["alone"].author)
    entries = sitemap_entries(client)
    assert lastmod(profile.get_absolute_url()) == _on(2025, 7, 2)  # their newest
    with override("zh-hant"):
        assert lastmod(sectors[2].get_absolute_url()) == saved(site["chinese"])
        assert lastmod("/zh-hant/tags/triage/") == saved(site["chinese"])
        assert lastmod(reverse("home")) == saved(site["chinese"])
        # Smart cities has no Chinese article: its Chinese page is not listed.
        assert absolute(sectors[1].get_absolute_url()) not in entries


def test_a_translated_article_is_one_entry_per_edition_with_alternates(client, site):
    entries = sitemap_entries(client)
    english = absolute(site["english"].get_absolute_url())
    chinese = absolute(site["chinese"].get_absolute_url())
    both = {"en": english, "zh-hant": chinese, "x-default": english}
    assert entries[english][1] == entries[chinese][1] == both
    alone = absolute(site["alone"].get_absolute_url())
    assert entries[alone][1] == {"en": alone, "x-default": alone}


def test_a_draft_never_reaches_the_sitemap_even_once_published_then_withdrawn(
    client, site
):
    draft = site["draft"]
    assert not any(draft.slug in loc for loc in sitemap_entries(client))
    Article.objects.filter(pk=draft.pk).publish()
    assert absolute(draft.get_absolute_url()) in sitemap_entries(client)
    Article.objects.filter(pk=draft.pk).unpublish()
    assert not any(draft.slug in loc for loc in sitemap_entries(client))


def test_a_large_section_is_split_into_pages_the_index_lists(
    client, site, monkeypatch, page_cache
):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    index = xml(client.get("/sitemap.xml"))
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    articles = f"{SERVER}/sitemap-articles.xml"
    assert [s for s in sections if s.startswith(articles)] == [
        articles,
        articles + "?p=2",
    ]
    pages = [xml(client.get(url)) for url in (articles, articles + "?p=2")]
    locs = [{u.text for u in page.findall("sm:url/sm:loc", NS)} for page in pages]
    # Two per page, none twice: the page cache keys a section's page by ?p=.
    assert [len(page) for page in locs] == [2, 1]
    assert not locs[0] & locs[1]
    assert client.get(articles + "?p=3").status_code == 404


@pytest.mark.parametrize("n", [5, 60])
def test_sitemap_queries_do_not_grow_with_articles(
    client, many_articles, django_assert_num_queries, n
):
    articles = many_articles(n)
    AuthorProfileFactory(user=articles[0].author)
    # The index: each section's items once (entries are kept per request):
    # pages 1, sectors 2, challenges 2, tags 2, articles 1, site pages 1,
    # authors 2 (profiles, then their newest articles).
    per_section = [1, 2, 2, 2, 1, 1, 2]
    with django_assert_num_queries(sum(per_section)):
        sections = xml(client.get("/sitemap.xml")).findall("sm:sitemap/sm:loc", NS)
    for section, queries in zip(sections, per_section, strict=True):
        with django_assert_num_queries(queries):
            xml(client.get(section.text))


# robots.txt


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_pages(
    client,
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {
        line.removeprefix("Disallow: ") for line in lines if "Disallow" in line
    }
    assert disallowed == {
        "/admin/",
        "/preview/",
        "/zh-hant/preview/",
        "/search/",
        "/zh-hant/search/",
        "/language/",
    }
    assert f"Sitemap: {SERVER}/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200
    # Nothing a reader shares is kept out: the pages, feeds, sitemaps.
    for allowed in ("/", "/articles/", "/feeds/rss/", "/sitemap.xml", "/zh-hant/"):
        assert not any(allowed.startswith(rule) for rule in disallowed), allowed


def test_robots_txt_is_cached_like_a_page(
    client, page_cache, django_assert_num_queries
):
    first = client.get("/robots.txt")
    assert first["X-Cache"] == "miss"
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        again = client.get("/robots.txt")
    assert again["X-Cache"] == "hit"
    assert again.content == first.content
