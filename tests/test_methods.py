"""Which HTTP methods the site answers: OPTIONS with ``Allow`` and no page,
TRACE and methods the site does not use with 405 and ``Allow``, on every kind
of address: pages, feeds, the admin, files WhiteNoise serves, and a page the
page cache's WSGI layer serves."""

import pytest
from django.urls import reverse

from .factories import ArticleFactory
from .servers import call_wsgi

pytestmark = pytest.mark.django_db

READ = {"GET", "HEAD", "OPTIONS"}
UNUSED = ["TRACE", "PUT", "PATCH", "DELETE", "PROPFIND", "BREW"]


def allowed(response):
    return {method.strip() for method in response["Allow"].split(",")}


@pytest.fixture
def addresses(sectors):
    article = ArticleFactory(sectors=[sectors[0]])
    return {
        reverse("home"): READ,
        "/zh-hant/": READ,
        article.get_absolute_url(): READ,
        sectors[0].get_absolute_url(): READ,
        reverse("feeds:site", kwargs={"fmt": "rss"}): READ,
        reverse("articles:search") + "?q=robots": READ,
        "/favicon.ico": READ,  # a file WhiteNoise serves
        "/nowhere/at/all/": READ,
        reverse("admin:index"): READ | {"POST"},
        reverse("admin:login"): READ | {"POST"},
        reverse("admin:articles_article_changelist"): READ | {"POST"},
    }


def test_options_answers_with_allow_and_no_page(client, addresses):
    for url, methods in addresses.items():
        response = client.options(url)
        assert response.status_code == 200, url
        assert allowed(response) == methods, url
        assert response.content == b"", url


def test_trace_and_unused_methods_are_405_with_allow(client, addresses):
    for url, methods in addresses.items():
        for method in UNUSED:
            response = client.generic(method, url)
            assert response.status_code == 405, (method, url)
            assert allowed(response) == methods, (method, url)
            assert response.content == b"", (method, url)


def test_reading_is_unchanged(client, addresses):
    for url in addresses:
        assert client.get(url).status_code in (200, 302, 404), url
        assert client.head(url).status_code in (200, 302, 404), url


def test_a_cached_page_answers_options_and_trace_alike(page_cache, sectors):
    with page_cache(execute=True):
        ArticleFactory(sectors=[sectors[0]])
    url = sectors[0].get_absolute_url()
    call_wsgi(url)
    status, headers, _ = call_wsgi(url)
    assert headers["X-Cache"] == "hit"
    status, headers, body = call_wsgi(url, method="OPTIONS")
    assert (status, body) == ("200 OK", b"")
    assert headers["Allow"] == "GET, HEAD, OPTIONS"
    status, headers, body = call_wsgi(url, method="TRACE")
    assert (status, body) == ("405 Method Not Allowed", b"")
    assert headers["Allow"] == "GET, HEAD, OPTIONS"
