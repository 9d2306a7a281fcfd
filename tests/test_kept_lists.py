"""The home, sector, challenge and explore pages, outside a transaction, as a
server runs: chosen, counted and charted on the index of public articles
(articles/edition.py), their cards kept (articles/cards.py), one query or two
a page; and never showing what is no longer so after a publish, a retitle, a
renamed sector or an unpublish."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory
from .html import card_titles, parse, section, text

# Committed data, as a server sees it; the seeded topics come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def counts(page, heading_id):
    """``{topic: count}`` as a list of topics with counts shows them."""
    return {
        text(li.a): int(text(li.select_one(".count")).split()[0])
        for li in section(page, heading_id).select("li")
    }


def chart_total(page):
    """The articles the chart of articles per month counts, month by month."""
    return sum(int(text(td)) for td in parse(page).select(".chart__table tbody td"))


def groups(page):
    """``{group heading: count}`` of a topic page."""
    found = {}
    for h2 in parse(page).select("section.group h2"):
        count = h2.select_one(".count").extract()
        found[text(h2)] = int(text(count))
    return found


def matrix(page):
    """``{(sector, challenge): count}`` of the explore page's table."""
    table = parse(page).select_one("table.matrix")
    columns = [text(th) for th in table.select("thead th")[1:-1]]
    return {
        (text(row.th), column): int(text(cell))
        for row in table.select("tbody tr")
        for column, cell in zip(columns, row.select("td")[:-1], strict=True)
    }


def card_sectors(page):
    """The sectors each card names, top to bottom."""
    return [
        [text(a) for a in card.select(".meta a")]
        for card in parse(page).select(".card")
    ]


def seen(client, sector, challenge):
    """What a reader sees on the four pages, each asked for twice: the second
    from what the process kept."""
    pages = {}
    for name, url in (
        ("home", reverse("home")),
        ("sector", sector.get_absolute_url()),
        ("challenge", challenge.get_absolute_url()),
        ("explore", reverse("sectors:explore")),
    ):
        client.get(url)
        pages[name] = client.get(url).content.decode()
    home = pages["home"]
    return {
        "cards": {name: card_titles(pages[name]) for name in pages},
        "card sectors": card_sectors(home),
        "sectors": counts(home, "sectors-heading"),
        "challenges": counts(home, "challenges-heading"),
        "charts": {
            name: chart_total(pages[name]) for name in pages if name != "explore"
        },
        "sector groups": groups(pages["sector"]),
        "challenge groups": groups(pages["challenge"]),
        "matrix": matrix(pages["explore"]),
    }


@pytest.fixture
def filed(sectors, challenges):
    """A public article and a draft in the same sector and challenge."""
    healthcare, privacy = sectors[2], challenges[0]
    ArticleFactory(title="Harbour sensors", sectors=[healthcare], challenges=[privacy])
    draft = ArticleFactory(
        draft=True, title="Harbour robots", sectors=[healthcare], challenges=[privacy]
    )
    return healthcare, privacy, draft


def test_each_page_is_served_from_what_the_process_keeps(client, filed):
    healthcare, privacy, _ = filed
    for url, queries in (
        (reverse("home"), 1),  # the public version
        (healthcare.get_absolute_url(), 2),  # and the sector
        (privacy.get_absolute_url(), 2),
        (reverse("sectors:explore"), 1),
    ):
        first = client.get(url)
        with CaptureQueriesContext(connection) as kept:
            again = client.get(url)
        assert len(kept) == queries, url
        assert again.content == first.content
        assert "Harbour sensors" in card_titles(again) or "explore" in url


def test_a_publish_and_an_unpublish_show_on_the_next_request(client, filed):
    healthcare, privacy, draft = filed
    before = seen(client, healthcare, privacy)
    assert before["cards"]["home"] == ["Harbour sensors"]
    assert before["sectors"][healthcare.name] == 1
    assert before["matrix"][healthcare.name, privacy.name] == 1

    Article.objects.filter(pk=draft.pk).publish()
    after = seen(client, healthcare, privacy)
    for page in ("home", "sector", "challenge"):
        assert after["cards"][page] == ["Harbour robots", "Harbour sensors"], page
    assert after["sectors"][healthcare.name] == 2
    assert after["challenges"][privacy.name] == 2
    assert after["charts"] == {"home": 2, "sector": 2, "challenge": 2}
    assert after["sector groups"] == {privacy.name: 2}
    assert after["challenge groups"] == {healthcare.name: 2}
    assert after["matrix"][healthcare.name, privacy.name] == 2

    Article.objects.filter(pk=draft.pk).unpublish()
    assert seen(client, healthcare, privacy) == before


def test_a_scheduled_article_shows_on_every_page_when_it_comes_due(client, filed):
    """No save and no public change when it comes due: what is kept must
    still give way (the index is good only until then)."""
    healthcare, privacy, _ = filed
    due = timezone.now() + timedelta(seconds=1)
    ArticleFactory(
        title="On the hour",
        sectors=[healthcare],
        challenges=[privacy],
        published_at=due,
    )
    before = seen(client, healthcare, privacy)
    assert before["matrix"][healthcare.name, privacy.name] == 1
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.05)

    after = seen(client, healthcare, privacy)
    for page in ("home", "sector", "challenge"):
        assert after["cards"][page] == ["On the hour", "Harbour sensors"], page
    assert after["sectors"][healthcare.name] == 2
    assert after["charts"] == {"home": 2, "sector": 2, "challenge": 2}
    assert after["sector groups"] == {privacy.name: 2}
    assert after["matrix"][healthcare.name, privacy.name] == 2


def test_a_retitled_article_shows_its_new_title_on_the_next_request(client, filed):
    healthcare, privacy, _ = filed
    seen(client, healthcare, privacy)
    article = Article.objects.get(title="Harbour sensors")
    article.title = "Harbour sensors, mapped"
    article.save()

    cards = seen(client, healthcare, privacy)["cards"]
    for page in ("home", "sector", "challenge"):
        assert cards[page] == ["Harbour sensors, mapped"], page


def test_a_renamed_sector_shows_its_new_name_on_the_next_request(client, filed):
    healthcare, privacy, _ = filed
    seen(client, healthcare, privacy)
    healthcare.name = "Medicine"
    healthcare.save()

    after = seen(client, healthcare, privacy)
    assert after["card sectors"] == [["Medicine"]]
    assert after["sectors"]["Medicine"] == 1
    assert after["challenge groups"] == {"Medicine": 1}
    assert after["matrix"]["Medicine", privacy.name] == 1


def panel(page):
    """``{facet heading: {option: count}}`` as the filter panel shows them."""
    return {
        text(facet.h3): {
            text(li.select_one("a, strong")): int(text(li.select_one(".count")))
            for li in facet.select("li")
        }
        for facet in parse(page).select(".filter-panel .facet")
    }


def article_page(client, article):
    """``(related titles, topic chips)`` of ``article``'s page, asked for
    twice: the second from what the process kept."""
    client.get(article.get_absolute_url())
    page = parse(client.get(article.get_absolute_url()).content.decode())
    related = [text(a) for a in page.select(".related a")]
    return related, [text(a) for a in page.select(".article__topics a")]


def test_the_filter_panel_counts_what_is_public_on_the_next_request(client, filed):
    """The article list's filter panel (kept per scope: articles/panel.py)
    after a publish, a renamed sector and an unpublish."""
    healthcare, privacy, draft = filed
    url = f"{reverse('articles:list')}?challenge={privacy.slug}"

    def shown():
        client.get(url)
        return panel(client.get(url).content.decode())

    assert shown()["Sector"] == {healthcare.name: 1}
    Article.objects.filter(pk=draft.pk).publish()
    assert shown()["Sector"] == {healthcare.name: 2}
    healthcare.name = "Medicine"
    healthcare.save()
    assert shown()["Sector"] == {"Medicine": 2}
    Article.objects.filter(pk=draft.pk).unpublish()
    assert shown()["Sector"] == {"Medicine": 1}


def test_an_article_page_shows_its_surroundings_as_they_are_now(client, filed):
    """An article's related articles and topics (kept per article:
    articles/detail.py) after a publish, a retitle, a renamed sector and an
    unpublish."""
    healthcare, privacy, draft = filed
    sensors = Article.objects.get(title="Harbour sensors")
    assert article_page(client, sensors) == ([], [healthcare.name, privacy.name])
    Article.objects.filter(pk=draft.pk).publish()
    assert article_page(client, sensors)[0] == ["Harbour robots"]
    draft.refresh_from_db()
    draft.title = "Harbour robots, docked"
    draft.save()
    assert article_page(client, sensors)[0] == ["Harbour robots, docked"]
    healthcare.name = "Medicine"
    healthcare.save()
    assert article_page(client, sensors)[1] == ["Medicine", privacy.name]
    Article.objects.filter(pk=draft.pk).unpublish()
    assert article_page(client, sensors) == ([], ["Medicine", privacy.name])


def test_an_article_page_shows_the_article_as_it_is_now(client, filed):
    """The article itself (kept per slug: articles/detail.py) after a
    retitle and an unpublish."""
    sensors = Article.objects.get(title="Harbour sensors")
    url = sensors.get_absolute_url()
    client.get(url)
    assert text(parse(client.get(url).content.decode()).h1) == "Harbour sensors"
    sensors.title = "Harbour sensors, mapped"
    sensors.save()
    client.get(url)
    page = parse(client.get(url).content.decode())
    assert text(page.h1) == "Harbour sensors, mapped"
    Article.objects.filter(pk=sensors.pk).unpublish()
    assert client.get(url).status_code == 404
