"""What every public page shows: content, counts, links, and the 404s in between."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import (
    assertContains,
    assertInHTML,
    assertNotContains,
    assertTemplateUsed,
)

from articles.models import PreviewLink
from sectors.models import Challenge, Sector

from .factories import ArticleFactory, AuthorProfileFactory
from .html import card_titles, hrefs, parse, section, select_one, text

pytestmark = pytest.mark.django_db


# Helpers: read what a visitor sees, not the template context.


def _on(year, month, day, hour=12):
    """An aware datetime, read as the site's time zone (Hong Kong) reads it."""
    return timezone.make_aware(datetime(year, month, day, hour))


def _groups(response):
    """``(heading, count, [card titles], "See all" href or None)`` per group."""
    groups = []
    for group in parse(response).select("section.group"):
        heading = group.find("h2")
        # Take the count out of the (freshly parsed) heading: the rest is its name.
        count = heading.find("span", class_="count").extract()
        see_all = [a["href"] for a in group("a") if text(a).startswith("See all")]
        groups.append(
            (
                text(heading),
                int(text(count)),
                card_titles(group),
                see_all[0] if see_all else None,
            )
        )
    return groups


def _link_named(response, name):
    """The address of the one link on the page that reads ``name``."""
    [href] = [a["href"] for a in parse(response)("a") if text(a) == name]
    return href


def _link(topic):
    """How a topic's link reads: Chinese names on English pages say so."""
    lang = (
        ' lang="zh-Hant-HK"'
        if any("\u3400" <= c <= "\u9fff" for c in topic.name)
        else ""
    )
    return f'<a href="{topic.get_absolute_url()}"{lang}>{escape(topic.name)}</a>'


def _n_articles(n):
    return f"{n} article" if n == 1 else f"{n} articles"


def _list_url(**filters):
    return f"{reverse('articles:list')}?{urlencode(filters)}"


# Smoke test: every named public URL, with real arguments.


# The admin is not public, and feeds are not HTML pages: test_feeds.py walks those.
NOT_PAGES = {"admin"}
# Not HTML pages: tests/test_feeds.py walks each feed, and
# tests/test_operations.py the health check.
NOT_HTML = {
    "switch_language",  # a redirect: tests/test_languages.py
    "django.contrib.sitemaps.views.sitemap",  # XML: tests/test_languages.py
    "django.contrib.sitemaps.views.index",  # XML: tests/test_seo.py
    "robots_txt",  # text: tests/test_seo.py
    "feeds:site",
    "feeds:sector",
    "feeds:challenge",
    "feeds:tag",
    "feeds:opml",  # OPML: tests/test_subscribe.py
    "feeds:articles",
    "healthz",
    "web_manifest",  # JSON: tests/test_identity.py
    "media",  # image renditions: tests/test_images.py
}


def _route_names(patterns=None, namespace=""):
    """Every named route of the public pages, as reverse() spells it."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in NOT_PAGES:
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from _route_names(pattern.url_patterns, inner)
        elif pattern.name:
            name = ":".join(filter(None, [namespace, pattern.name]))
            if name not in NOT_HTML:
                yield name


@pytest.fixture
def public_urls(sectors, challenges):
    """One real address for every named public route."""
    article = ArticleFactory(
        sectors=[sectors[0]],
        challenges=[challenges[0]],
        tags=["私隱", "Open Data"],
        published_at=_on(2025, 3, 14),
    )
    return {
        "home": reverse("home"),
        "sectors:sector_list": reverse("sectors:sector_list"),
        "sectors:sector_detail": sectors[0].get_absolute_url(),
        "sectors:challenge_list": reverse("sectors:challenge_list"),
        "sectors:challenge_detail": challenges[0].get_absolute_url(),
        "sectors:explore": reverse("sectors:explore"),
        "articles:list": reverse("articles:list"),
        "articles:detail": article.get_absolute_url(),
        "articles:year": reverse("articles:year", kwargs={"year": 2025}),
        "articles:month": reverse("articles:month", kwargs={"year": 2025, "month": 3}),
        "articles:tag_list": reverse("articles:tag_list"),
        "articles:tag_detail": reverse("articles:tag_detail", kwargs={"slug": "私隱"}),
        "articles:search": reverse("articles:search") + "?q=privacy",
        "feeds:subscribe": reverse("feeds:subscribe"),
        "feeds:subscribe_to": reverse("feeds:subscribe_to") + "?tag=%E7%A7%81%E9%9A%B1",
        "articles:shared_preview": PreviewLink.objects.create(
            article=ArticleFactory(draft=True),
            expires_at=timezone.now() + timedelta(days=1),
        ).get_absolute_url(),
        "pages:detail": reverse("pages:detail", kwargs={"slug": "about"}),
        "authors:detail": AuthorProfileFactory(user=article.author).get_absolute_url(),
    }


def test_smoke_test_covers_every_named_route(public_urls):
    """A new route fails here until the smoke test below visits it."""
    assert set(_route_names()) == set(public_urls)


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "sectors:sector_list",
        "sectors:sector_detail",
        "sectors:challenge_list",
        "sectors:challenge_detail",
        "sectors:explore",
        "articles:list",
        "articles:detail",
        "articles:year",
        "articles:month",
        "articles:tag_list",
        "articles:tag_detail",
        "articles:search",
        "feeds:subscribe",
        "feeds:subscribe_to",
        "articles:shared_preview",
        "pages:detail",
        "authors:detail",
    ],
)
def test_every_public_page_answers_with_one_h1_a_title_and_a_description(
    client, public_urls, name
):
    response = client.get(public_urls[name])
    assert response.status_code == 200
    html = parse(response)
    assert len(html("h1")) == 1
    [title] = html.select("head title")
    assert text(title)
    [description] = html.select('head meta[name="description"]')
    assert description.has_attr("content")


# Home


def test_home_shows_featured_then_latest_articles(client):
    for day in range(1, 11):
        ArticleFactory(title=f"Latest {day}", published_at=_on(2025, 2, day))
    for day in range(1, 5):
        ArticleFactory(
            title=f"Featured {day}", featured=True, published_at=_on(2025, 3, day)
        )

    home = parse(client.get(reverse("home")))

    featured = section(home, "featured-heading")
    latest = section(home, "latest-heading")
    assert card_titles(featured) == ["Featured 4", "Featured 3", "Featured 2"]
    # "Latest" skips the three featured above it (a fourth featured article is
    # just latest) and stops at eight.
    assert card_titles(latest) == ["Featured 1"] + [
        f"Latest {d}" for d in range(10, 3, -1)
    ]
    assert reverse("articles:list") in hrefs(latest)


def test_home_lists_every_topic_with_its_published_count(client, sectors, challenges):
    ArticleFactory(sectors=[sectors[0]], challenges=[challenges[0], challenges[2]])
    ArticleFactory(sectors=[sectors[0], sectors[3]], challenges=[challenges[0]])
    ArticleFactory(draft=True, sectors=sectors, challenges=challenges)
    ArticleFactory(scheduled=True, sectors=sectors, challenges=challenges)
    counts = {
        sectors[0]: 2,
        sectors[1]: 0,
        sectors[2]: 0,
        sectors[3]: 1,
        sectors[4]: 0,
        challenges[0]: 2,
        challenges[1]: 0,
        challenges[2]: 1,
    }

    response = client.get(reverse("home"))

    for topic, n in counts.items():
        assertContains(
            response,
            f'<li><a href="{topic.get_absolute_url()}">{escape(topic.name)}</a>'
            f'<span class="count">{_n_articles(n)}</span></li>',
            html=True,
        )


@pytest.mark.parametrize("url_name", ["sectors:sector_list", "sectors:challenge_list"])
def test_topic_lists_show_each_topic_with_its_published_count(
    client, sectors, challenges, url_name
):
    ArticleFactory(sectors=[sectors[1]], challenges=[challenges[1]])
    ArticleFactory(draft=True, sectors=sectors, challenges=challenges)
    listed = sectors if url_name == "sectors:sector_list" else challenges

    response = client.get(reverse(url_name))

    for topic in listed:
        assertContains(
            response,
            f'<article class="card"><h2 class="card__title">'
            f'<a href="{topic.get_absolute_url()}">{escape(topic.name)}</a></h2>'
            f"<p>{escape(topic.summary)}</p>"
            f'<p class="meta">{_n_articles(1 if topic == listed[1] else 0)}</p>'
            "</article>",
            html=True,
        )


def _topic_links(node, topics):
    """The addresses of ``topics`` linked from ``node``, in order, once each."""
    urls = {topic.get_absolute_url() for topic in topics}
    return list(dict.fromkeys(href for href in hrefs(node) if href in urls))


def test_topics_are_listed_in_display_order_everywhere(client, sectors, challenges):
    """``order`` decides, also where a count's GROUP BY drops Meta.ordering."""
    # The last of each moves up to second place, out of creation (pk) order.
    Sector.objects.filter(pk=sectors[-1].pk).update(order=5)
    Challenge.objects.filter(pk=challenges[-1].pk).update(order=5)
    ArticleFactory(sectors=sectors, challenges=challenges)
    in_order = [
        topic.get_absolute_url()
        for topic in [
            sectors[0],
            sectors[-1],
            *sectors[1:-1],
            challenges[0],
            challenges[-1],
            *challenges[1:-1],
        ]
    ]
    sector_urls, challenge_urls = in_order[: len(sectors)], in_order[len(sectors) :]

    home = parse(client.get(reverse("home")))
    sector_list = client.get(reverse("sectors:sector_list"))
    challenge_list = client.get(reverse("sectors:challenge_list"))
    explore = parse(client.get(reverse("sectors:explore")))

    for part, topics, expected in [
        (section(home, "sectors-heading"), sectors, sector_urls),
        (section(home, "challenges-heading"), challenges, challenge_urls),
        (select_one(home, "nav.site-nav"), [*sectors, *challenges], in_order),
        (select_one(sector_list, "main"), sectors, sector_urls),
        (select_one(challenge_list, "main"), challenges, challenge_urls),
        (select_one(explore, "table.matrix tbody"), sectors, sector_urls),
        (select_one(explore, "table.matrix thead"), challenges, challenge_urls),
    ]:
        assert _topic_links(part, topics) == expected


# Sector and challenge pages


def test_sector_page_groups_articles_by_challenge_in_challenge_order(
    client, sectors, challenges
):
    education, health = sectors[0], sectors[2]
    privacy, _jobs, ethics = challenges
    ArticleFactory(
        title="Ethics only",
        sectors=[education],
        challenges=[ethics],
        published_at=_on(2025, 1, 1),
    )
    ArticleFactory(
        title="Privacy only",
        sectors=[education],
        challenges=[privacy],
        published_at=_on(2025, 1, 2),
    )
    ArticleFactory(
        title="Privacy and ethics",
        sectors=[education],
        challenges=[ethics, privacy],
        published_at=_on(2025, 1, 3),
    )
    ArticleFactory(
        title="No challenge", sectors=[education], published_at=_on(2025, 1, 4)
    )
    ArticleFactory(title="Another sector", sectors=[health], challenges=[privacy])
    ArticleFactory(
        title="A draft", draft=True, sectors=[education], challenges=[privacy]
    )

    response = client.get(education.get_absolute_url())

    assert _groups(response) == [
        ("Data privacy", 2, ["Privacy and ethics", "Privacy only"], None),
        ("Ethics & responsible AI", 2, ["Privacy and ethics", "Ethics only"], None),
        ("Other challenges", 1, ["No challenge"], None),
    ]
    # A group's heading links to its own list: this sector and that challenge.
    link = escape(_list_url(sector=education.slug, challenge=privacy.slug))
    assertInHTML(
        f'<a href="{link}">Data privacy</a>', str(select_one(response, "section.group"))
    )


def test_challenge_page_groups_articles_by_sector_in_sector_order(
    client, sectors, challenges
):
    education, smart_city, health = sectors[:3]
    privacy, jobs = challenges[:2]
    ArticleFactory(
        title="Health",
        sectors=[health],
        challenges=[privacy],
        published_at=_on(2025, 1, 1),
    )
    ArticleFactory(
        title="Schools and hospitals",
        sectors=[health, education],
        challenges=[privacy],
        published_at=_on(2025, 1, 2),
    )
    ArticleFactory(
        title="No sector", challenges=[privacy], published_at=_on(2025, 1, 3)
    )
    ArticleFactory(title="Another challenge", sectors=[smart_city], challenges=[jobs])

    response = client.get(privacy.get_absolute_url())

    assert _groups(response) == [
        ("Education", 1, ["Schools and hospitals"], None),
        ("Healthcare", 2, ["Schools and hospitals", "Health"], None),
        ("Other sectors", 1, ["No sector"], None),
    ]


@pytest.mark.parametrize("kind", ["sector", "challenge"])
def test_a_big_group_shows_six_and_links_to_the_filtered_list(
    client, sectors, challenges, kind
):
    sector, challenge = sectors[1], challenges[1]
    for day in range(1, 8):
        ArticleFactory(
            title=f"Crossing {day}",
            sectors=[sector],
            challenges=[challenge],
            published_at=_on(2025, 1, day),
        )
    page, other = (sector, challenge) if kind == "sector" else (challenge, sector)

    [(heading, count, titles, see_all)] = _groups(client.get(page.get_absolute_url()))

    assert (heading, count) == (other.name, 7)
    assert titles == [f"Crossing {day}" for day in range(7, 1, -1)]
    path, query = see_all.split("?")
    assert path == reverse("articles:list")
    assert parse_qs(query) == {"sector": [sector.slug], "challenge": [challenge.slug]}
    listed = card_titles(client.get(see_all))
    assert sorted(listed) == [f"Crossing {day}" for day in range(1, 8)]


def test_other_group_links_to_every_article_of_the_topic(client, sectors, challenges):
    """The list has no "without a challenge" filter, so the "other" group's link
    says plainly that it opens everything in the sector, and does."""
    sector = sectors[0]
    for day in range(1, 8):
        ArticleFactory(
            title=f"Unfiled {day}", sectors=[sector], published_at=_on(2025, 1, day)
        )
    ArticleFactory(title="Filed", sectors=[sector], challenges=[challenges[0]])

    response = client.get(sector.get_absolute_url())
    heading, count, titles, see_all = _groups(response)[-1]
    assert (heading, count, len(titles)) == ("Other challenges", 7, 6)
    assert see_all is None  # no "See all 7" promise it cannot keep
    listed = card_titles(
        client.get(_link_named(response, "Every article in Education"))
    )
    assert sorted(listed) == ["Filed", *(f"Unfiled {day}" for day in range(1, 8))]


def test_topic_page_without_articles_says_so(client, sectors):
    assertContains(
        client.get(sectors[4].get_absolute_url()),
        "No articles have been published here yet.",
    )


@pytest.mark.parametrize(
    "url_name", ["sectors:sector_detail", "sectors:challenge_detail"]
)
def test_unknown_topic_is_404(client, db, url_name):
    assert client.get(reverse(url_name, kwargs={"slug": "nowhere"})).status_code == 404


# Explore


def _explore_row(response, sector):
    """The row of the matrix headed by ``sector``."""
    url = sector.get_absolute_url()
    heading = select_one(response, f'table.matrix th[scope="row"] > a[href="{url}"]')
    return heading.find_parent("tr")


def _numbers(row):
    """The numbers a row of the matrix shows, "All" last."""
    return [text(cell) for cell in row("td")]


def test_explore_counts_each_crossing_and_links_to_it(client, sectors, challenges):
    education, health = sectors[0], sectors[2]
    privacy, jobs, ethics = challenges
    ArticleFactory(sectors=[education, health], challenges=[privacy, ethics])
    ArticleFactory(sectors=[education], challenges=[privacy])
    ArticleFactory(sectors=[education])  # in no crossing
    ArticleFactory(draft=True, sectors=sectors, challenges=challenges)
    ArticleFactory(scheduled=True, sectors=sectors, challenges=challenges)

    response = client.get(reverse("sectors:explore"))

    assert _numbers(_explore_row(response, education)) == ["2", "0", "1", "3"]
    assert _numbers(_explore_row(response, health)) == ["1", "0", "1", "1"]
    row = str(_explore_row(response, education))
    link = _list_url(sector=education.slug, challenge=privacy.slug)
    label = "2 articles on Education and Data privacy"
    assertInHTML(f'<a href="{escape(link)}" aria-label="{label}">2</a>', row)
    assertInHTML('<span class="zero">0</span>', row)
    followed = client.get(link)
    assert len(card_titles(followed)) == 2


# The article list and its filters


@pytest.fixture
def filed(sectors, challenges):
    """Four live articles filed so each filter keeps a different set."""
    education, health = sectors[0], sectors[2]
    privacy, ethics = challenges[0], challenges[2]
    ArticleFactory(title="A", sectors=[education], challenges=[privacy], tags=["CCTV"])
    ArticleFactory(title="B", sectors=[education], challenges=[ethics])
    ArticleFactory(title="C", sectors=[health], challenges=[privacy], tags=["CCTV"])
    ArticleFactory(title="D", sectors=[education], challenges=[privacy])
    ArticleFactory(title="Draft", draft=True, sectors=[education], challenges=[privacy])


@pytest.mark.parametrize(
    "filters, titles",
    [
        ({}, {"A", "B", "C", "D"}),
        ({"sector": "education"}, {"A", "B", "D"}),
        ({"challenge": "data-privacy"}, {"A", "C", "D"}),
        ({"tag": "cctv"}, {"A", "C"}),
        ({"sector": "education", "challenge": "data-privacy"}, {"A", "D"}),
        ({"sector": "education", "tag": "cctv"}, {"A"}),
        ({"sector": "education", "challenge": "data-privacy", "tag": "cctv"}, {"A"}),
        ({"sector": "healthcare", "challenge": "ethics-responsible-ai"}, set()),
    ],
)
def test_filters_narrow_the_article_list(client, filed, filters, titles):
    response = client.get(_list_url(**filters))
    assert set(card_titles(response)) == titles
    if not titles:
        assertContains(response, "No published articles match these filters.")


def test_active_filters_are_named_and_can_be_removed(client, filed):
    response = client.get(
        _list_url(sector="education", challenge="data-privacy", tag="cctv")
    )
    status = select_one(response, "div.filters")
    assertInHTML("<strong>Education</strong>", str(status))
    assertInHTML("<strong>Data privacy</strong>", str(status))
    assertInHTML("<strong>CCTV</strong>", str(status))
    assertInHTML(
        f'<a href="{reverse("articles:list")}">Clear all filters</a>', str(status)
    )
    # Each "remove" link keeps the other two filters.
    removes = [link["href"] for link in status.select("a.filter__remove")]
    assert removes == [
        _list_url(challenge="data-privacy", tag="cctv"),
        _list_url(sector="education", tag="cctv"),
        _list_url(sector="education", challenge="data-privacy"),
    ]


@pytest.mark.parametrize(
    "filters, heading",
    [
        ({}, "All articles"),
        ({"sector": "healthcare"}, "Healthcare"),
        (
            {"sector": "healthcare", "challenge": "data-privacy"},
            "Healthcare · Data privacy",
        ),
        (
            {"tag": "cctv", "challenge": "data-privacy", "sector": "education"},
            "Education · Data privacy · #CCTV",
        ),
    ],
)
def test_a_filtered_list_says_what_it_shows(client, filed, filters, heading):
    html = parse(client.get(_list_url(**filters)))
    assert text(html.select_one("main h1")) == heading
    assert text(html.title).startswith(f"{heading} · ")
    assert text(html.select("nav.breadcrumbs li")[-1]) == heading


def test_unfiltered_list_offers_no_filter_to_clear(client, filed):
    assertNotContains(client.get(reverse("articles:list")), "Clear all filters")


@pytest.mark.parametrize(
    "filters",
    [{"sector": "nowhere"}, {"challenge": "nothing"}, {"tag": "no-such-tag"}],
)
def test_unknown_filter_slug_is_404(client, filed, filters):
    assert client.get(_list_url(**filters)).status_code == 404
    # ... even next to valid filters.
    valid = {"sector": "education", "challenge": "data-privacy", "tag": "cctv"}
    assert client.get(_list_url(**{**valid, **filters})).status_code == 404


def test_filtering_by_a_tag_only_drafts_carry_is_404(client, filed):
    """Like its tag page: the filter must not print an unpublished tag's name."""
    ArticleFactory(draft=True, tags=["Secret merger"])
    response = client.get(_list_url(tag="secret-merger"))
    assertNotContains(response, "Secret merger", status_code=404)


def test_list_is_paginated(client, many_articles):
    per_page = settings.ARTICLES_PER_PAGE
    articles = many_articles(per_page + 1)
    articles.sort(key=lambda a: (a.published_at, a.pk), reverse=True)
    newest_first = [article.title for article in articles]

    first = client.get(reverse("articles:list"))
    second = client.get(reverse("articles:list"), {"page": 2})

    assert card_titles(first) == newest_first[:per_page]
    assertContains(first, "Page 1 of 2")
    assert select_one(first, 'a[rel="next"]')["href"] == "?page=2"
    assert card_titles(second) == newest_first[per_page:]
    assertContains(second, "Page 2 of 2")


def test_pagination_keeps_the_filters(client, sectors):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 1, sectors=[sectors[0]])
    response = client.get(_list_url(sector=sectors[0].slug))
    assert response.status_code == 200
    next_page = select_one(response, 'a[rel="next"]')["href"]
    assert next_page == f"?sector={sectors[0].slug}&page=2"


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "1.5", "3", "99999", "9" * 30, "%00"]
)
def test_bad_page_numbers_are_404(client, many_articles, page):
    many_articles(settings.ARTICLES_PER_PAGE + 1)
    assert client.get(f"{reverse('articles:list')}?page={page}").status_code == 404


# Article pages


def test_article_page_shows_body_and_links_to_its_topics(client, sectors, challenges):
    article = ArticleFactory(
        title="Exam halls and chatbots",
        body="## Rules\n\nStudents may *not* use [ChatGPT](https://example.org).",
        sectors=[sectors[0], sectors[2]],
        challenges=[challenges[2]],
        tags=["私隱", "Exams"],
    )

    response = client.get(article.get_absolute_url())

    assertInHTML("<h1>Exam halls and chatbots</h1>", response.content.decode())
    assertContains(response, "<h2>Rules</h2>", html=True)
    assertContains(response, "<em>not</em>", html=True)
    topics = str(select_one(response, "footer.article__topics"))
    for topic in [sectors[0], sectors[2], challenges[2], *article.tags.all()]:
        assertInHTML(_link(topic), topics)
    assertInHTML(
        f'<a href="{sectors[1].get_absolute_url()}">{escape(sectors[1].name)}</a>',
        topics,
        count=0,
    )


def test_related_articles_are_ranked_by_shared_topics(client, sectors, challenges):
    article = ArticleFactory(
        sectors=[sectors[0]], challenges=[challenges[0]], tags=["cctv", "schools"]
    )
    ArticleFactory(
        title="Shares one", challenges=[challenges[0]], published_at=_on(2025, 6, 1)
    )
    ArticleFactory(
        title="Shares four",
        sectors=[sectors[0], sectors[1]],
        challenges=[challenges[0]],
        tags=["cctv", "schools"],
        published_at=_on(2025, 1, 1),
    )
    ArticleFactory(title="Shares two", sectors=[sectors[0]], tags=["cctv"])
    ArticleFactory(
        title="Shares none",
        sectors=[sectors[1]],
        challenges=[challenges[1]],
        tags=["other"],
    )
    ArticleFactory(
        title="Draft shares all",
        draft=True,
        sectors=[sectors[0]],
        challenges=[challenges[0]],
        tags=["cctv"],
    )

    related = select_one(client.get(article.get_absolute_url()), "section.related")

    assert [text(link) for link in related("a")] == [
        "Shares four",
        "Shares two",
        "Shares one",
    ]


def test_article_with_nothing_in_common_has_no_related_section(client):
    article = ArticleFactory()
    ArticleFactory()
    assertNotContains(client.get(article.get_absolute_url()), "Related articles")


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_hidden_articles_are_404(client, trait):
    article = ArticleFactory(**{trait: True})
    assert client.get(article.get_absolute_url()).status_code == 404


def test_unknown_article_is_404(client, db):
    url = reverse("articles:detail", kwargs={"slug": "no-such-article"})
    assert client.get(url).status_code == 404


def test_hidden_articles_appear_on_no_page(client, sectors, challenges):
    """Drafts and scheduled articles stay off every list until they go live."""
    live = ArticleFactory(
        title="Live story",
        sectors=sectors,
        challenges=challenges,
        tags=["shared"],
        featured=True,
        published_at=_on(2025, 3, 1),
    )
    for title, trait in [("Secret draft", "draft"), ("Future story", "scheduled")]:
        ArticleFactory(
            title=title,
            sectors=sectors,
            challenges=challenges,
            tags=["shared"],
            featured=True,
            **{trait: True},
        )
    urls = [
        reverse("home"),
        reverse("articles:list"),
        _list_url(sector=sectors[0].slug, challenge=challenges[0].slug, tag="shared"),
        reverse("articles:tag_detail", kwargs={"slug": "shared"}),
        reverse("articles:year", kwargs={"year": 2025}),
        reverse("articles:month", kwargs={"year": 2025, "month": 3}),
        live.get_absolute_url(),  # its related articles
        *[topic.get_absolute_url() for topic in [*sectors, *challenges]],
    ]
    for url in urls:
        response = client.get(url)
        assertContains(response, "Live story")
        assertNotContains(response, "Secret draft")
        assertNotContains(response, "Future story")


# Tags


def test_tag_list_shows_published_tags_with_counts_by_name(client):
    ArticleFactory(tags=["Zebra crossings"])  # the oldest tag, listed by name
    ArticleFactory(tags=["Open Data", "私隱"])
    ArticleFactory(tags=["Open Data"])
    ArticleFactory(draft=True, tags=["Open Data", "Only on drafts"])
    ArticleFactory(scheduled=True, tags=["Only scheduled"])

    response = client.get(reverse("articles:tag_list"))

    cloud = select_one(response, "ul.tag-cloud")
    assert [
        (item.a["href"], text(item.a), text(item.find("span", class_="count")))
        for item in cloud("li")
    ] == [
        (
            reverse("articles:tag_detail", kwargs={"slug": "open-data"}),
            "Open Data",
            "2",
        ),
        (
            reverse("articles:tag_detail", kwargs={"slug": "zebra-crossings"}),
            "Zebra crossings",
            "1",
        ),
        (reverse("articles:tag_detail", kwargs={"slug": "私隱"}), "私隱", "1"),
    ]


def test_tag_page_lists_its_articles_and_count(client):
    ArticleFactory(title="Tagged one", tags=["Open Data"])
    ArticleFactory(title="Tagged two", tags=["open data", "Other"])
    ArticleFactory(title="Untagged", tags=["Other"])
    ArticleFactory(title="Draft", draft=True, tags=["Open Data"])

    response = client.get(reverse("articles:tag_detail", kwargs={"slug": "open-data"}))

    assert sorted(card_titles(response)) == ["Tagged one", "Tagged two"]
    assertContains(response, "<h1>Tagged “Open Data”</h1>", html=True)
    assertContains(response, '<p class="meta">2 articles</p>', html=True)


def test_chinese_tag_slug_works(client):
    ArticleFactory(title="Privacy commissioner", tags=["私隱"])
    url = reverse("articles:tag_detail", kwargs={"slug": "私隱"})

    assert url == "/tags/%E7%A7%81%E9%9A%B1/"
    for address in [url, "/tags/私隱/"]:
        response = client.get(address)
        assert card_titles(response) == ["Privacy commissioner"]
    list_response = client.get(reverse("articles:tag_list"))
    # Chinese on an English page says so, for screen readers and fonts.
    assertContains(
        list_response, f'<a href="{url}" lang="zh-Hant-HK">私隱</a>', html=True
    )


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_tag_only_on_hidden_articles_is_not_public(client, trait):
    ArticleFactory(tags=["Public"])
    ArticleFactory(tags=["Hidden tag"], **{trait: True})
    assert (
        client.get(
            reverse("articles:tag_detail", kwargs={"slug": "hidden-tag"})
        ).status_code
        == 404
    )
    assertNotContains(client.get(reverse("articles:tag_list")), "Hidden tag")


def test_unknown_tag_is_404(client, db):
    url = reverse("articles:tag_detail", kwargs={"slug": "no-such-tag"})
    assert client.get(url).status_code == 404


# Archives


@pytest.fixture
def dated(db):
    for title, when in [
        ("March one", _on(2025, 3, 1)),
        ("March two", _on(2025, 3, 31, hour=23)),
        ("July", _on(2025, 7, 10)),
        # 1 April 00:30 in Hong Kong, still 31 March in UTC: an April article.
        ("April by Hong Kong time", datetime(2025, 3, 31, 16, 30, tzinfo=UTC)),
        ("Last year", _on(2024, 12, 31, hour=23)),
    ]:
        ArticleFactory(title=title, published_at=when)
    ArticleFactory(title="Draft in March", draft=True)
    ArticleFactory(title="Scheduled", published_at=timezone.now() + timedelta(days=400))


def test_year_archive_lists_its_months_and_articles(client, dated):
    response = client.get(reverse("articles:year", kwargs={"year": 2025}))

    months = select_one(response, 'nav[aria-label="Months"]')
    assert [(link["href"], text(link)) for link in months("a")] == [
        (reverse("articles:month", kwargs={"year": 2025, "month": month}), name)
        for month, name in [(3, "March"), (4, "April"), (7, "July")]
    ]
    assert card_titles(response) == [
        "July",
        "April by Hong Kong time",
        "March two",
        "March one",
    ]
    assertInHTML(
        f'<a href="{reverse("articles:year", kwargs={"year": 2024})}">← 2024</a>',
        response.content.decode(),
    )


def test_month_archive_lists_that_months_articles(client, dated):
    march = client.get(reverse("articles:month", kwargs={"year": 2025, "month": 3}))
    april = client.get(reverse("articles:month", kwargs={"year": 2025, "month": 4}))

    assert card_titles(march) == ["March two", "March one"]
    assertContains(march, "<h1>Articles from March 2025</h1>", html=True)
    assert card_titles(april) == ["April by Hong Kong time"]
    # Neighbouring months are the nearest ones with articles: May and June are empty.
    archive_nav = str(select_one(april, "p.archive-nav"))
    assertInHTML(
        f'<a href="{reverse("articles:month", kwargs={"year": 2025, "month": 3})}">'
        "← March 2025</a>",
        archive_nav,
    )
    assertInHTML(
        f'<a href="{reverse("articles:month", kwargs={"year": 2025, "month": 7})}">'
        "July 2025 →</a>",
        archive_nav,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/articles/9999/",
        "/articles/0000/",
        "/articles/2023/",  # between two years that have articles
        "/articles/2025/13/",
        "/articles/2025/00/",
        "/articles/2025/05/",  # an empty month
        "/articles/0000/01/",
        "/articles/9999/12/",
    ],
)
def test_archive_without_articles_is_404(client, dated, path):
    assert client.get(path).status_code == 404


def test_archive_of_a_scheduled_articles_year_is_404(client, dated):
    year = timezone.localtime(timezone.now() + timedelta(days=400)).year
    assert (
        client.get(reverse("articles:year", kwargs={"year": year})).status_code == 404
    )


# Error pages


def test_404_page_is_the_sites_own(client, sectors):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    assertContains(response, "<h1>Page not found</h1>", status_code=404, html=True)
    assert parse(response).select("nav.site-nav")
    assertContains(
        response,
        f'<a href="{sectors[0].get_absolute_url()}">{sectors[0].name}</a>',
        status_code=404,
        html=True,
    )


def test_500_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in html


# Hostile query strings and paths: a 404 at worst, never a 500.


@pytest.mark.parametrize(
    "query, status",
    [
        ("sector=%00", 404),
        ("challenge=%00%00", 404),
        ("tag=../../etc", 404),
        ("tag=..%2F..%2Fetc%2Fpasswd", 404),
        ("sector=%27%20OR%201%3D1--", 404),
        ("sector=%FF%FE", 404),  # not UTF-8
        ("tag=%E7%A7", 404),  # half a character
        ("sector=" + "a" * 10_000, 404),
        ("tag=" + "私" * 2_000, 404),
        ("sector=education&sector=nowhere", 404),  # the last value counts
        ("sector=nowhere&sector=education", 200),
        ("sector=education&sector=healthcare&tag=cctv&tag=cctv", 200),
        ("sector[]=nowhere&unknown=1", 200),  # unknown parameters are ignored
        ("=&&&=x&sector=", 200),
        ("page=%00", 404),
        ("page=1&page=abc", 404),
        ("page=" + "9" * 5_000, 404),
    ],
)
def test_malformed_query_strings_never_fail(client, filed, query, status):
    response = client.get(f"{reverse('articles:list')}?{query}")
    assert response.status_code == status


@pytest.mark.parametrize(
    "path",
    [
        "/?page=abc&sector=%00",
        "/tags/?page=abc&tag=%00",
        "/explore/?sector=" + "x" * 10_000,
        "/tags/..%2F..%2Fetc/",
        "/tags/%00/",
        "/tags/" + "私" * 500 + "/",
        "/articles/%00/",
        "/articles/" + "a" * 5_000 + "/",
        "/sectors/%E7%A7/",
        "/challenges/" + "x" * 5_000 + "/",
    ],
)
def test_malformed_paths_never_fail(client, filed, path):
    assert client.get(path).status_code in (200, 404)


@pytest.mark.parametrize(
    "url_name, kwargs",
    [
        ("articles:tag_detail", {"slug": "cctv"}),
        ("articles:year", {"year": 2025}),
        ("articles:month", {"year": 2025, "month": 3}),
    ],
)
@pytest.mark.parametrize("page", ["abc", "0", "99999"])
def test_every_paginated_page_rejects_bad_page_numbers(client, url_name, kwargs, page):
    ArticleFactory(tags=["CCTV"], published_at=_on(2025, 3, 1))
    url = reverse(url_name, kwargs=kwargs)
    assert client.get(url).status_code == 200
    assert client.get(url, {"page": page}).status_code == 404
