"""Every list page and feed runs as many queries for 200 articles as for 5: no N+1,
and as many in the Chinese edition as in the English one.

The articles are built once per size for the whole module (``module_articles``),
each with a Chinese translation (``editions``): each test below runs at 5 and
at 200, in both languages, against the same exact count.
"""

import json

import feedparser
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from articles.models import Article, Tag
from authors.models import AuthorProfile

from .factories import ArticleFactory, AuthorProfileFactory
from .html import parse, text

LANGUAGES = ["en", "zh-hant"]

# The filter panel's and search's index of public articles (articles/edition.py):
# one query to check that the process's index is current, eight to build it. A
# test pays the eight on every request: an index built inside a transaction is
# never kept (tests/test_edition.py shows a kept one reused).
EDITION = 1 + 8

# The queries each page runs, whatever the number of articles: what it runs
# today, exactly. Two are the navigation's sectors and challenges, on every page.
# Lower a number when a page gets cheaper; raising one needs a reason.
QUERIES = {
    # the cards' articles and their tags, the navigation's two (which articles,
    # the counts and the chart are the index's; served, with the cards, the
    # index and the navigation kept, one query: tests/test_kept_lists.py)
    "home": 4 + EDITION,
    "sector list": 3,
    # the sector, and as home (its groups, counts and chart are the index's)
    "sector detail": 5 + EDITION,
    "challenge list": 3,
    "challenge detail": 5 + EDITION,
    "explore": 2 + EDITION,  # the navigation's two; every count is the index's
    # the page and its tags, the navigation's two (the count, the cards'
    # sectors and the panel are the index's); and the three filters' own
    "article list": 4 + EDITION,
    "article list, three filters": 7 + EDITION,
    "tag list": 3,
    # the tag, the page and its tags, the navigation's two (its count and which
    # editions use the tag, for the switcher, are the index's)
    "tag detail": 5 + EDITION,
    # the page and its tags, the navigation's two (the months, the neighbours
    # and the count are the index's: articles/archives.py)
    "year archive": 4 + EDITION,
    "month archive": 4 + EDITION,
    # the article, its topics' pks, the related articles and translations, the
    # navigation's two (related ranked and topics named by the index)
    "article detail": 5 + EDITION,
    # the profile, the page and its tags, the navigation's two (the count and
    # the author's articles are the index's)
    "author detail": 5 + EDITION,
    # the scores of every match (count, order, the results' sectors and the
    # panel are the index's), the page's articles, snippets, navigation
    "search": 5 + EDITION,
    "search, two filters": 6 + EDITION,
    # the sector, the tag, the latest ten and their three prefetches, navigation
    "subscribe page, sector and tag": 8,
}

# The same for feeds: the site's, one sector's, one tag's and a filtered one.
# The validators (one aggregate: inside a transaction nothing is kept), the
# items by primary key (chosen on the index) and their tags' keys (their
# sectors and challenges, and every topic's name, are the index's:
# articles/detail.py), and the scope's own filters. Outside a transaction the
# validators and items are kept: tests/test_kept_feeds.py.
FEED_QUERIES = {
    "site, RSS": 3 + EDITION,
    "site, JSON Feed": 3 + EDITION,
    "sector, Atom": 4 + EDITION,
    "tag, RSS": 4 + EDITION,
    "sector and tag, RSS": 5 + EDITION,
}


@pytest.fixture(scope="module")
def editions(module_articles, django_db_blocker):
    """A Chinese translation of every article ``module_articles`` made, with
    the same date, topics and tags; rolled back with them."""
    with django_db_blocker.unblock(), transaction.atomic():
        for article in module_articles:
            ArticleFactory(
                chinese=True,
                title=f"文章 {article.pk}",
                slug=f"wen-zhang-{article.pk}",
                translation_group=article.translation_group,
                published_at=article.published_at,
                featured=article.featured,
                sectors=list(article.sectors.all()),
                challenges=list(article.challenges.all()),
                tags=list(article.tags.all()),
            )
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def bylines(editions, django_db_blocker):
    """One author with a profile writes every article, in both languages: the
    author's page lists them all, and every article's byline links to it."""
    with django_db_blocker.unblock(), transaction.atomic():
        profile = AuthorProfileFactory()
        Article.objects.update(author=profile.user)
        yield profile
        transaction.set_rollback(True)


def _n_articles(n):
    return ngettext("%(counter)s article", "%(counter)s articles", n) % {"counter": n}


def _card(article):
    """An article card's title link showing ``article``."""
    return (".card__title a", article.title)


def _pages(sector, challenge, tag):
    """``{page: (url, [(selector, text one of its nodes must show)])}``, as the
    data stands now.

    What a page must show is its newest article where it lists some, so a
    page measured with 200 articles really renders the latest of them.
    """
    published = Article.objects.published(translation.get_language())
    newest = published.first()
    oldest = published.last()  # shares topics with many: "Related" is full
    when = timezone.localtime(newest.published_at)
    in_sector = published.filter(sectors=sector)
    in_challenge = published.filter(challenges=challenge)
    crossing = in_sector.filter(challenges=challenge)
    filters = f"?sector={sector.slug}&challenge={challenge.slug}&tag={tag.slug}"
    tagged = published.filter(tags=tag)
    n = crossing.count()
    # In every article's title, equally often: results are newest first.
    word = "number" if translation.get_language() == "en" else "文章"
    crossing_label = ngettext(
        "%(counter)s article on %(sector)s and %(challenge)s",
        "%(counter)s articles on %(sector)s and %(challenge)s",
        n,
    ) % {"counter": n, "sector": sector.name, "challenge": challenge.name}
    return {
        "home": (reverse("home"), [_card(newest)]),
        "sector list": (
            reverse("sectors:sector_list"),
            [
                (
                    f'.card:has(a[href="{sector.get_absolute_url()}"]) .meta',
                    _n_articles(in_sector.count()),
                )
            ],
        ),
        "sector detail": (sector.get_absolute_url(), [_card(in_sector.first())]),
        "challenge list": (
            reverse("sectors:challenge_list"),
            [
                (
                    f'.card:has(a[href="{challenge.get_absolute_url()}"]) .meta',
                    _n_articles(in_challenge.count()),
                )
            ],
        ),
        "challenge detail": (
            challenge.get_absolute_url(),
            [_card(in_challenge.first())],
        ),
        "explore": (
            reverse("sectors:explore"),
            [(f'table.matrix a[aria-label="{crossing_label}"]', str(crossing.count()))],
        ),
        "article list": (reverse("articles:list"), [_card(newest)]),
        "article list, three filters": (
            reverse("articles:list") + filters,
            [_card(crossing.filter(tags=tag).first())],
        ),
        "tag list": (
            reverse("articles:tag_list"),
            [("ul.tag-cloud li", f"{tag.name} {tagged.count()}")],
        ),
        "tag detail": (tag.get_absolute_url(), [_card(tagged.first())]),
        "year archive": (
            reverse("articles:year", kwargs={"year": when.year}),
            [_card(newest)],
        ),
        "month archive": (
            reverse("articles:month", kwargs={"year": when.year, "month": when.month}),
            [_card(newest)],
        ),
        "search": (
            reverse("articles:search") + f"?q={word}",
            [_card(newest)],
        ),
        "search, two filters": (
            reverse("articles:search")
            + f"?q={word}&sector={sector.slug}&year={when.year}",
            [_card(in_sector.filter(published_at__year=when.year).first())],
        ),
        "subscribe page, sector and tag": (
            reverse("feeds:subscribe_to") + f"?sector={sector.slug}&tag={tag.slug}",
            [_card(in_sector.filter(tags=tag).first())],
        ),
        "article detail": (
            oldest.get_absolute_url(),
            [
                ("h1", oldest.title),
                ("section.related h2", gettext("Related articles")),
                ('a[rel="author"]', AuthorProfile.objects.get().display_name),
            ],
        ),
        "author detail": (
            AuthorProfile.objects.get().get_absolute_url(),
            [_card(newest), ("h2", _n_articles(published.count()))],
        ),
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", QUERIES)
def test_queries_do_not_grow_with_the_number_of_articles_or_change_by_language(
    client, django_assert_num_queries, bylines, sectors, challenges, page, language
):
    tag = Tag.objects.get(name="tag 0")
    with translation.override(language):
        url, shows = _pages(sectors[0], challenges[0], tag)[page]

    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200
    html = parse(response)
    assert html.html["lang"] == ("en" if language == "en" else "zh-Hant-HK")
    for selector, wanted in shows:
        assert wanted in [text(node) for node in html.select(selector)], selector


def _feeds(sector, tag):
    """``{feed: (url, the title of its newest item)}``, as the data stands now."""
    published = Article.objects.published(translation.get_language())
    in_sector = published.filter(sectors=sector)
    feeds = {
        "site, RSS": (reverse("feeds:site", kwargs={"fmt": "rss"}), published),
        "site, JSON Feed": (reverse("feeds:site", kwargs={"fmt": "json"}), published),
        "sector, Atom": (
            reverse("feeds:sector", kwargs={"slug": sector.slug, "fmt": "atom"}),
            in_sector,
        ),
        "tag, RSS": (
            reverse("feeds:tag", kwargs={"slug": tag.slug}),
            published.filter(tags=tag),
        ),
        # spread_articles files its first article under sectors[0] and "tag 0".
        "sector and tag, RSS": (
            reverse("feeds:articles") + f"?sector={sector.slug}&tag={tag.slug}",
            in_sector.filter(tags=tag),
        ),
    }
    return {name: (url, items.first().title) for name, (url, items) in feeds.items()}


def _item_titles(response):
    """A feed's item titles, first to last."""
    if response["Content-Type"].startswith("application/feed+json"):
        return [item["title"] for item in json.loads(response.content)["items"]]
    return [entry.title for entry in feedparser.parse(response.content).entries]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("feed", FEED_QUERIES)
def test_feed_queries_do_not_grow_with_articles_or_change_by_language(
    client, django_assert_num_queries, editions, sectors, feed, language
):
    with translation.override(language):
        url, newest = _feeds(sectors[0], Tag.objects.get(name="tag 0"))[feed]

    with django_assert_num_queries(FEED_QUERIES[feed]):
        response = client.get(url)

    assert response.status_code == 200
    assert _item_titles(response)[0] == newest
