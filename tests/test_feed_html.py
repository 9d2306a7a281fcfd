"""The body feeds carry is prepared when an article is saved
(``Article.feed_html``, articles/feed_html.py): readers always get the body as
it is now, with links that work away from the site, on whichever address the
feed was asked for."""

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article

from .factories import ArticleFactory
from .test_migrations import migrate

pytestmark = pytest.mark.django_db

RSS = reverse("feeds:site", kwargs={"fmt": "rss"})


def content(client, **request):
    """The newest item's body in the site's RSS feed."""
    feed = feedparser.parse(client.get(RSS, **request).content)
    return feed.entries[0].content[0].value


def test_an_edited_body_and_slug_reach_the_feed(client):
    article = ArticleFactory(slug="first", body="See [the notes](notes/).")
    assert 'href="http://testserver/articles/first/notes/"' in content(client)

    article.body = "See [the list](/articles/) and [a note](#note)."
    article.slug = "second"
    article.save()

    body = content(client)
    assert "the notes" not in body
    assert 'href="http://testserver/articles/"' in body
    assert 'href="http://testserver/articles/second/#note"' in body


def test_the_sites_own_addresses_are_the_requests(client):
    """Asked over HTTPS, the body's links are HTTPS; other sites' stay theirs."""
    ArticleFactory(body="[Home](/) and [elsewhere](https://example.com/x).")

    body = content(client, secure=True)
    assert 'href="https://testserver/"' in body
    assert 'href="https://example.com/x"' in body
    assert 'href="http://testserver/"' in content(client)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_upgrade_prepares_the_feed_body_of_every_saved_article(client):
    """Articles saved before the column existed get theirs from the upgrade."""
    article = ArticleFactory(title="Saved before", body="[Read more](more/).")
    migrate([("articles", "0011_rerender_bodies")])  # the column is gone
    migrate()

    assert Article.objects.get(pk=article.pk).feed_html
    assert 'href="http://testserver/articles/' in content(client)
    assert f"{article.slug}/more/" in content(client)
