"""Search, as readers and editors use it: the same tests on SQLite (FTS5) and
on PostgreSQL (full-text search), whichever the suite runs on."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Tag
from articles.search import text
from articles.search.engines import FallbackEngine, _engine, engine
from articles.tagcare import merge_tags

from .factories import ArticleFactory
from .html import parse, select_one

SEARCH = "/search/"


@pytest.fixture
def corpus(sectors, challenges):
    """The word "lantau" in one article's title, another's summary, another's
    body and another's tags; Chinese articles; a draft that has it too."""
    healthcare, fintech = sectors[2], sectors[3]
    return {
        "title": ArticleFactory(
            title="Lantau robots learn to sort parcels",
            sectors=[fintech],
            challenges=[challenges[1]],
            tags=["logistics"],
        ),
        "summary": ArticleFactory(
            title="Parcels by drone",
            summary="Trials on Lantau begin this spring.",
            sectors=[healthcare],
            tags=["drones"],
        ),
        "body": ArticleFactory(
            title="Island deliveries",
            body="## Where\n\nThe first routes run across Lantau and Lamma.",
            sectors=[healthcare],
        ),
        "tags": ArticleFactory(
            title="Ferries and sensors", sectors=[healthcare], tags=["Lantau"]
        ),
        "draft": ArticleFactory(
            draft=True, title="Lantau secret plans", sectors=[healthcare]
        ),
        "privacy": ArticleFactory(
            chinese=True,
            title="醫院數據與病人私隱",
            slug="醫院數據與病人私隱",
            body="## 醫療\n\n公立醫院使用人工智能分析醫療數據，病人私隱受條例保障。",
            sectors=[healthcare],
            challenges=[challenges[0]],
            tags=["私隱"],
        ),
        "apart": ArticleFactory(
            chinese=True,
            title="私人診所的隱形成本",  # 私 and 隱, never side by side
            slug="私人診所",
            sectors=[healthcare],
        ),
    }


def search(client, q, language="en", **filters):
    with translation.override(language):
        url = reverse("articles:search")
    return client.get(url, {"q": q, **filters})


def titles(response):
    return [a.get_text() for a in parse(response).select(".results .card__title a")]


def test_a_title_hit_outranks_summary_body_and_tag_hits(client, corpus):
    response = search(client, "lantau")

    assert response.status_code == 200
    assert titles(response) == [
        corpus[place].title for place in ("title", "summary", "body", "tags")
    ]
    heading = select_one(response, "#results-heading").get_text()
    assert "4 articles found" in heading
    assert "Search results for “lantau”" in select_one(response, "h1").get_text()


def test_a_snippet_marks_the_words_found(client, corpus):
    page = parse(search(client, "lantau"))

    body_hit = page.select(".results > li")[2]
    marks = [m.get_text() for m in body_hit.select(".snippet mark")]
    assert marks == ["Lantau"]
    assert "first routes run across" in body_hit.select_one(".snippet").get_text()


def test_english_words_are_found_by_their_stem(client, corpus):
    assert titles(search(client, "robot sorting")) == [corpus["title"].title]


def test_facets_count_the_results_and_narrow_them(client, corpus, sectors):
    page = parse(search(client, "lantau"))

    sector_facet = page.select_one(".facet:has(#facet-sector)")
    counts = {
        li.select_one("a, strong").get_text(): li.select_one(".count").get_text()
        for li in sector_facet.select("li")
    }
    assert counts == {sectors[2].name: "3", sectors[3].name: "1"}
    narrowed = client.get(sector_facet.select_one("a")["href"])
    assert len(titles(narrowed)) == 3
    assert corpus["title"].title not in titles(narrowed)
    # The narrowed page says what it shows, and offers the way back.
    selected = parse(narrowed).select_one(".facet strong[aria-current]")
    assert selected.get_text() == sectors[2].name
    years = parse(narrowed).select_one(".facet:has(#facet-year) .count").get_text()
    assert years == "3"


def test_the_article_list_has_the_same_panel(client, corpus, sectors):
    page = parse(client.get(reverse("articles:list")))

    panel = page.select_one("aside.filter-panel")
    assert panel.select_one("#facet-sector") and panel.select_one("#facet-tag")
    link = panel.select_one(f'a[href*="sector={sectors[2].slug}"]')
    narrowed = parse(client.get(link["href"]))
    assert len(narrowed.select(".card")) == 3  # the English ones there
    # A query typed in the panel keeps the list's filters.
    form = narrowed.select_one("form.filter-search")
    assert form["action"] == SEARCH
    assert form.select_one('input[name="sector"]')["value"] == sectors[2].slug


@pytest.mark.parametrize("word", ["私隱", "醫療", "人工智能"])
def test_chinese_words_find_chinese_articles(client, corpus, word):
    response = search(client, word, "zh-hant")

    assert titles(response) == [corpus["privacy"].title]
    assert word in [m.get_text() for m in parse(response).select(".snippet mark")] or (
        word == "私隱"  # found in the title and body: the snippet is the body's
    )


def test_chinese_characters_must_stand_together(client, corpus):
    # "私人診所的隱形成本" has 私 and 隱, but not the word 私隱.
    assert corpus["apart"].title not in titles(search(client, "私隱", "zh-hant"))


def test_each_edition_searches_its_own_articles(client, corpus):
    assert titles(search(client, "lantau", "zh-hant")) == []
    assert titles(search(client, "私隱")) == []  # no English article has it


def test_drafts_are_never_found(client, corpus):
    assert corpus["draft"].title not in titles(search(client, "secret plans"))
    assert corpus["draft"].title not in titles(search(client, "lantau"))


def test_the_index_follows_edits_unpublishing_deletion_and_tags(client, corpus):
    article = corpus["body"]
    article.body = "## Where\n\nThe first routes run across Peng Chau."
    article.save()
    assert article.title not in titles(search(client, "lantau"))
    assert titles(search(client, "peng chau")) == [article.title]

    Article.objects.filter(pk=corpus["title"].pk).unpublish()
    assert corpus["title"].title not in titles(search(client, "lantau"))

    corpus["summary"].delete()
    assert titles(search(client, "lantau")) == [corpus["tags"].title]

    tag = Tag.objects.get(name="Lantau")
    tag.name = "Tai O"
    tag.save()
    assert titles(search(client, "lantau")) == []
    assert titles(search(client, '"tai o"')) == [corpus["tags"].title]

    corpus["tags"].tags.set(["ferries"])
    assert titles(search(client, "ferries")) == [corpus["tags"].title]


def test_a_merged_tag_is_searched_by_the_name_it_kept(client, corpus, editor):
    assert titles(search(client, "logistics")) == [corpus["title"].title]
    keep = Tag.objects.get(name="drones")
    merge_tags(keep, [Tag.objects.get(name="logistics")], user=editor)

    assert titles(search(client, "logistics")) == []
    assert set(titles(search(client, "drones"))) == {
        corpus["title"].title,  # its tag now
        corpus["summary"].title,  # "drone" in its title, and its tag
    }


def test_websearch_syntax(client, corpus):
    assert titles(search(client, '"sort parcels"')) == [corpus["title"].title]
    assert titles(search(client, '"parcels sort"')) == []
    assert set(titles(search(client, "robots or drone"))) == {
        corpus["title"].title,
        corpus["summary"].title,
    }
    assert corpus["title"].title not in titles(search(client, "lantau -robots"))


def test_no_result_with_filters_offers_the_search_without_them(client, corpus, sectors):
    page = parse(search(client, "lamma", sector=sectors[3].slug))

    assert page.select(".results") == []
    link = page.select_one(".empty a")
    assert link["href"] == f"{SEARCH}?q=lamma"
    assert titles(client.get(link["href"])) == [corpus["body"].title]


def test_an_empty_search_explains_itself(client, corpus):
    for q in ("", "   ", "***"):
        page = parse(search(client, q))
        assert page.select_one("h1").get_text(strip=True) == "Search"
        assert "人工智能" in page.select_one(".empty").get_text()


def test_the_search_feed_follows_the_query(client, corpus):
    page = parse(search(client, "lantau"))
    link = page.select_one('link[rel="alternate"][type="application/rss+xml"]')
    assert link["href"] == "/articles/feed/?q=lantau"
    feed = client.get(link["href"])
    assert feed.status_code == 200
    assert corpus["title"].title in feed.content.decode()
    assert corpus["privacy"].title not in feed.content.decode()


HOSTILE = [
    '"',
    '"""',
    "'",
    "*",
    "-",
    "- -",
    "NEAR(",
    "NEAR(a b, 2)",
    "a OR",
    "OR",
    "AND NOT",
    "title:lantau",
    "lantau^",
    "{lantau}",
    "(lantau",
    "lantau)",
    "'; DROP TABLE articles_article; --",
    "%",
    "_",
    "\\",
    "\x00lantau",
    "\u202elantau",
    "ｌａｎｔａｕ",
    "𠀀𠀁",
    "a" * 5000,
    "lantau " * 300,
    "私" * 1000,
    "!@#$%^&*()",
    "<script>alert(1)</script>",
    "-lantau",
    '"lantau',
    "lantau*",
    "*lantau",
    ":",
    "&",
    "|",
    "!",
    "<->",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_get_a_page(client, corpus, q):
    response = search(client, q.replace("\x00", ""))
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": "99"}, {"year": "0001"}])
def test_a_malformed_page_or_filter_is_not_found(client, corpus, params):
    assert search(client, "lantau", **params).status_code == 404


def test_full_width_letters_search_as_their_ascii_forms(client, corpus):
    assert titles(search(client, "ＬＡＮＴＡＵ robots")) == [corpus["title"].title]


def test_the_admin_searches_the_same_index(client, editor, corpus):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist"), {"q": "lantau"})
    found = {a.get_text() for a in parse(page).select("#result_list tbody th a")}
    # Drafts too, and every language the editor may see.
    assert found == {
        corpus[p].title for p in ("title", "summary", "body", "tags", "draft")
    }
    by_slug = client.get(
        reverse("admin:articles_article_changelist"), {"q": corpus["apart"].slug}
    )
    assert [a.get_text() for a in parse(by_slug).select("#result_list tbody th a")] == [
        corpus["apart"].title
    ]


def test_the_site_uses_the_databases_own_search():
    expected = {"sqlite": "SQLite FTS5", "postgresql": "PostgreSQL full-text search"}
    assert engine().name == expected[connection.vendor]


def test_without_fts5_the_fallback_still_ranks_and_marks(corpus):
    assert isinstance(_engine("sqlite", False), FallbackEngine)
    fallback = FallbackEngine()
    query = text.parse("lantau")
    # Every article that matches, drafts too: the search page keeps the public.
    found = [pk for pk, _ in fallback.ranking(query)]
    assert found[0] == corpus["title"].pk
    expected = {corpus[p].pk for p in ("title", "summary", "body", "draft")}
    assert set(found) == expected  # not the one tagged only
    snippets = fallback.snippets([corpus["body"].pk], query)
    assert "<mark>Lantau</mark>" in snippets[corpus["body"].pk]
    chinese = list(fallback.matching(Article.objects.all(), text.parse("私隱")))
    assert chinese == [corpus["privacy"]]


def test_the_year_facet_counts_in_hong_kong_time(client, sectors):
    # 20:00 on New Year's Eve in London is 04:00 on New Year's Day in Hong Kong.
    ArticleFactory(
        title="New year", published_at=datetime(2024, 12, 31, 20, tzinfo=UTC)
    )
    ArticleFactory(
        title="Old year", published_at=datetime(2024, 12, 31, 15, tzinfo=UTC)
    )

    page = parse(client.get(reverse("articles:list")))
    years = {
        li.select_one("a, strong").get_text(): li.select_one(".count").get_text()
        for li in page.select(".facet:has(#facet-year) li")
    }
    assert years == {"2025": "1", "2024": "1"}
    narrowed = parse(client.get(page.select_one('.facet a[href$="year=2025"]')["href"]))
    assert [a.get_text() for a in narrowed.select(".card__title a")] == ["New year"]


def test_equal_matches_are_newest_first_and_each_shown_once(client, db, settings):
    # Twelve articles that say the same thing score the same: across two
    # pages of five (and a third), newest first, none twice, none missed.
    settings.SEARCH_RESULTS_PER_PAGE = 5
    for day in range(1, 13):
        ArticleFactory(
            title=f"Harbour ferries, day {day:02d}",
            summary="Same words.",
            body="Same words.",
            published_at=datetime(2025, 3, day, 9, tzinfo=UTC),
        )
    shown = []
    for number in (1, 2, 3):
        shown += titles(search(client, "ferries", page=number))
    assert shown == [f"Harbour ferries, day {day:02d}" for day in range(12, 0, -1)]
