"""The middleware stack for readers (hkai/stack.py, hkai/csp.py): a reader's
request passes the editor-only middleware by, and gets the same answer as
before; an editor's request, on any page, still goes through all of it."""

import pytest
from csp.decorators import csp_update
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from hkai.csp import ContentSecurityPolicyMiddleware

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_readers_page_sets_no_cookie_and_reads_no_session(client):
    """No Set-Cookie, no Vary: Cookie (the page cache is off here), and the
    headers every page has, in both languages."""
    article = ArticleFactory()
    for url in (article.get_absolute_url(), "/zh-hant/"):
        response = client.get(url, HTTP_COOKIE="hkai_other=1")
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert response["X-Frame-Options"] == "DENY", url
        assert "default-src 'none'" in response["Content-Security-Policy"], url
    assert response["Content-Language"] == "zh-hant"


def test_an_editor_reading_the_site_stays_signed_in(client, editor, settings):
    """A signed-in editor's session expiry still moves on every request, public
    pages included (the sliding expiry in settings)."""
    client.force_login(editor)
    response = client.get(reverse("home"))
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert "Cookie" in response["Vary"]
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_view_that_changes_the_policy_gets_its_own(rf: RequestFactory):
    """The policy built once is for plain responses; a view decorated with
    django-csp's ``csp_update`` still gets its own."""

    @csp_update({"img-src": ["https://maps.example.org"]})
    def special(request):
        return HttpResponse("map")

    def plain(request):
        return HttpResponse("plain")

    headers = {}
    for view in (plain, special, plain):
        request = rf.get("/")
        middleware = ContentSecurityPolicyMiddleware(view)
        headers.setdefault(view.__name__, []).append(
            middleware(request)["Content-Security-Policy"]
        )
    assert "https://maps.example.org" in headers["special"][0]
    assert all("maps.example.org" not in h for h in headers["plain"])
    assert headers["plain"][0] == headers["plain"][1]
