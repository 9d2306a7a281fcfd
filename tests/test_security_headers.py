"""The Content-Security-Policy and the other security headers on every kind of
response, and images in bodies: only from the site's media storage or a host
allowed in settings (HKAI_BODY_IMAGE_HOSTS), refused in the admin with the
address named, and dropped from what readers get. The browser's side is
tests/test_csp_browser.py; the grade, tests/test_observatory.py."""

import pytest
from django.urls import reverse

from articles.text import render_markdown
from pages.models import Page

from .factories import ArticleFactory, article_form
from .html import parse, text

pytestmark = pytest.mark.django_db

PIXEL = "https://tracker.example.net/pixel.gif?reader=1"
BODY = f"A study of CCTV.\n\n![]({PIXEL})\n\nMore text the editor wrote."


def directives(response):
    """The policy as ``{directive: [sources]}``."""
    policy = response["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part)
    }


def response_kinds(client, editor):
    article = ArticleFactory(body="Text.")
    client.get("/")  # a page cache entry exists: the second home is a hit
    yield "page", client.get("/")
    yield "article", client.get(article.get_absolute_url())
    yield "feed", client.get(reverse("feeds:site", kwargs={"fmt": "rss"}))
    yield "404", client.get("/no-such-page/")
    yield "sitemap", client.get("/sitemap.xml")
    yield "admin login", client.get(reverse("admin:login"))
    client.force_login(editor)
    yield "admin index", client.get(reverse("admin:index"))
    yield (
        "admin change form",
        client.get(reverse("admin:articles_article_change", args=[article.pk])),
    )


def test_every_kind_of_response_carries_the_policy_and_permissions(
    client, editor, page_cache
):
    for kind, response in response_kinds(client, editor):
        policy = directives(response)
        assert policy["default-src"] == ["'none'"], kind
        assert policy["script-src"] == ["'self'"], kind
        assert policy["style-src"] == ["'self'"], kind
        assert policy["frame-ancestors"] == ["'none'"], kind
        assert policy["img-src"][0] == "'self'", kind
        assert "unsafe" not in response["Content-Security-Policy"], kind
        features = dict(
            item.strip().split("=")
            for item in response["Permissions-Policy"].split(",")
        )
        assert features["camera"] == features["geolocation"] == "()", kind
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", kind


def test_pictures_may_be_shown_by_other_sites(client, settings):
    """Feed readers and link previews show the site's images on their pages."""
    response = client.get("/favicon.ico")
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Content-Security-Policy" in response


def test_an_allowed_image_host_is_in_img_src_and_survives(client, settings):
    settings.BODY_IMAGE_HOSTS = ["images.example.org"]
    assert "https://images.example.org" in directives(client.get("/"))["img-src"]
    html = render_markdown("![chart](https://images.example.org/chart.png)")
    assert parse(html).img["src"] == "https://images.example.org/chart.png"


def test_an_image_from_another_host_is_not_shown_to_readers(client):
    """A tracking pixel saved in a body (an import, an old article) never
    reaches a reader's page or feed; the text around it does."""
    article = ArticleFactory(body=BODY + '\n\n<img src="//tracker.example.net/x">')
    page = parse(client.get(article.get_absolute_url()))
    body = page.select_one(".article-body") or page.main
    assert "tracker.example.net" not in str(page)
    assert "More text the editor wrote." in text(body)
    feed = client.get(reverse("feeds:site", kwargs={"fmt": "rss"})).content.decode()
    assert "tracker.example.net" not in feed


@pytest.mark.parametrize(
    "src",
    [
        "//tracker.example.net/pixel.gif",  # scheme-relative
        "/media/../admin/",  # out of the media folder
        "/media/..\\admin/",  # the same, as browsers read a backslash
        "media/pixel.gif",  # relative to the article's own address
        "http://images.example.org/chart.png",  # an allowed host, but not HTTPS
        "https://images.example.org.tracker.example.net/p.gif",
    ],
)
def test_addresses_that_only_look_allowed_are_refused(settings, src):
    settings.BODY_IMAGE_HOSTS = ["images.example.org"]
    assert parse(render_markdown(f"Text ![x]({src}) more")).img is None, src
    assert parse(render_markdown(f'<img src="{src}" alt="x">')).img is None, src


def test_images_from_the_media_storage_are_shown(settings):
    html = render_markdown("![a chart](/media/articles/chart.1a2b.960w.webp)")
    assert parse(html).img["src"] == "/media/articles/chart.1a2b.960w.webp"


def test_media_on_another_host_is_allowed_there(client, settings):
    """An object store or CDN serves the media: its host is allowed."""
    settings.MEDIA_URL = "https://media.example.hk/hkai/"
    assert "https://media.example.hk" in directives(client.get("/"))["img-src"]
    html = render_markdown("![x](https://media.example.hk/hkai/a.960w.webp)")
    assert parse(html).img is not None


def test_the_admin_refuses_an_outside_image_naming_it_and_keeps_the_text(
    client, editor, sectors
):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"), article_form(sectors, body=BODY)
    )
    assert response.status_code == 200  # the form again, not a redirect
    page = parse(response)
    error = text(page.select_one(".field-body .errorlist"))
    assert "not allowed" in error and PIXEL in error
    assert page.select_one("textarea[name=body]").get_text().strip() == BODY
    assert not ArticleFactory._meta.model.objects.filter(slug="lantau-robots")


def test_the_page_admin_refuses_an_outside_image_in_either_language(client, editor):
    client.force_login(editor)
    page = Page.objects.get(slug="about")
    url = reverse("admin:pages_page_change", args=[page.pk])
    response = client.post(
        url,
        {
            "title_en": page.title_en,
            "title_zh_hant": page.title_zh_hant,
            "body_en": page.body_en,
            "body_zh_hant": f"關於我們 ![]({PIXEL})",
        },
    )
    assert response.status_code == 200
    error = text(parse(response).select_one(".field-body_zh_hant .errorlist"))
    assert PIXEL in error
    page.refresh_from_db()
    assert PIXEL not in page.body_zh_hant
