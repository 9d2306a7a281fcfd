"""Who the site is: its mark and icons, its web manifest, and the pages editors
write about it (About, Editorial policy, Corrections, Contact), in both
languages."""

import io
import json
import warnings

import pytest
from bs4 import XMLParsedAsHTMLWarning
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image
from reversion.models import Version

from pages.models import Page

from .html import form_fields, hrefs, parse, select_one, text

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hant"]
SITE_NAME = {"en": "HK AI Observatory", "zh-hant": "香港人工智能觀察站"}
# The pages the data migration creates: slug, then each language's title.
PAGES = {
    "about": {"en": "About the Observatory", "zh-hant": "關於觀察站"},
    "editorial-policy": {"en": "Editorial policy", "zh-hant": "編輯方針"},
    "corrections": {"en": "Corrections", "zh-hant": "更正"},
    "contact": {"en": "Contact", "zh-hant": "聯絡我們"},
}


def _in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _body(response):
    """The bytes of any response, a file WhiteNoise streams included."""
    return response.getvalue()


@pytest.fixture
def collected_static(settings, static_root):
    """Static files as production serves them: collected, hashed, by WhiteNoise."""
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }


# The mark and the icons.


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_icon_a_page_links_is_served_at_its_size(
    client, collected_static, language
):
    home = parse(client.get(_in(language, "home")))
    wanted = {
        'link[rel="icon"][type="image/svg+xml"]': ("image/svg+xml", None),
        'link[rel="icon"][sizes="32x32"]': ("image/png", (32, 32)),
        'link[rel="apple-touch-icon"]': ("image/png", (180, 180)),
    }
    for selector, (content_type, size) in wanted.items():
        response = client.get(select_one(home, selector)["href"])
        assert response.status_code == 200, selector
        assert response["Content-Type"] == content_type, selector
        if size:
            assert Image.open(io.BytesIO(_body(response))).size == size, selector
        else:
            assert b"<svg" in _body(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_manifest_names_the_site_in_the_pages_language_with_its_icons(
    client, collected_static, language
):
    home = parse(client.get(_in(language, "home")))
    response = client.get(select_one(home, 'link[rel="manifest"]')["href"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == SITE_NAME[language]
    assert manifest["short_name"]
    assert manifest["start_url"] == _in(language, "home")  # "/" in English
    assert manifest["theme_color"] == "#0b5cad"
    assert manifest["background_color"] == "#ffffff"
    sizes = set()
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200, icon["src"]
        assert served["Content-Type"] == icon["type"], icon["src"]
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(_body(served))).size
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add(width)
    assert sizes == {192, 512}


@pytest.mark.parametrize(
    ("address", "content_type", "sizes"),
    [
        ("/favicon.ico", "image/x-icon", {(16, 16), (32, 32), (48, 48)}),
        ("/apple-touch-icon.png", "image/png", {(180, 180)}),
    ],
)
def test_the_icons_browsers_ask_for_unprompted_answer_at_the_root(
    client, address, content_type, sizes
):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    image = Image.open(io.BytesIO(_body(response)))
    assert image.info.get("sizes", {image.size}) == sizes


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_brand_link_shows_the_mark_and_is_named_for_the_site(
    client, collected_static, language
):
    brand = select_one(client.get(_in(language, "home")), "a.brand")
    assert brand["href"] == _in(language, "home")
    assert text(brand) == SITE_NAME[language]  # its accessible name
    mark = select_one(brand, "img")
    assert mark["alt"] == ""  # decorative: the name is the link's text
    served = client.get(mark["src"])
    assert served.status_code == 200
    assert served["Content-Type"] == "image/svg+xml"


# The site's own pages.


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_links_to_the_four_pages_in_the_pages_language(client, language):
    footer = select_one(client.get(_in(language, "home")), "footer.site-footer nav")
    assert hrefs(footer) == [_in(language, "pages:detail", slug=slug) for slug in PAGES]
    for slug, titles in PAGES.items():
        page = parse(client.get(_in(language, "pages:detail", slug=slug)))
        assert text(select_one(page, "h1")) == titles[language]
        assert len(text(select_one(page, ".prose"))) > 200, slug  # real text


def test_the_pages_say_what_readers_need_in_each_language(client):
    def prose(language, slug):
        response = client.get(_in(language, "pages:detail", slug=slug))
        return text(select_one(response, ".prose"))

    assert "newsroom@observatory.example.hk" in prose("en", "contact")
    assert "newsroom@observatory.example.hk" in prose("zh-hant", "contact")
    assert "corrections@observatory.example.hk" in prose("zh-hant", "corrections")
    assert "sources" in prose("en", "editorial-policy")
    assert "消息來源" in prose("zh-hant", "editorial-policy")
    assert "人工智能" in prose("zh-hant", "about")


def test_an_unknown_page_is_a_404(client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/zh-hant/no-such-page/").status_code == 404


def test_a_page_without_chinese_text_shows_the_english(client):
    Page.objects.create(slug="jobs", title_en="Jobs", body_en="We are *hiring*.")
    page = parse(client.get(_in("zh-hant", "pages:detail", slug="jobs")))
    assert text(select_one(page, "h1")) == "Jobs"
    assert select_one(page, ".prose em").string == "hiring"


def test_markdown_an_editor_writes_is_sanitised(client):
    Page.objects.create(
        slug="careful",
        title_en="Careful",
        body_en="Hello <script>alert(1)</script> [x](javascript:alert(1))",
    )
    page = parse(client.get("/careful/"))
    assert not page.select(".prose script")
    assert not page.select('.prose a[href^="javascript"]')
    assert text(select_one(page, ".prose")).startswith("Hello")


@pytest.fixture
def editors_client(editor):
    signed_in = Client()
    signed_in.force_login(editor)
    return signed_in


def _admin_form(client, url):
    return form_fields(select_one(client.get(url), "form#page_form"))


def test_an_editor_edits_a_page_in_both_languages_and_readers_see_it_at_once(
    client, editors_client, page_cache
):
    page = Page.objects.get(slug="corrections")
    url = reverse("admin:pages_page_change", args=[page.pk])
    for language in LANGUAGES:
        client.get(_in(language, "pages:detail", slug="corrections"))  # cached
    data = dict(_admin_form(editors_client, url))
    data["body_en"] = "Write to **fixes@observatory.example.hk**."
    data["body_zh_hant"] = "請電郵至 **fixes@observatory.example.hk**。"

    with page_cache(execute=True):
        response = editors_client.post(url, data)

    assert response.status_code == 302
    for language in LANGUAGES:
        seen = client.get(_in(language, "pages:detail", slug="corrections"))
        assert seen["X-Cache"] == "miss"
        assert "fixes@observatory.example.hk" in text(select_one(seen, ".prose"))
    assert Version.objects.get_for_object(page).count() == 1  # its history


def test_a_page_cannot_take_an_address_another_part_of_the_site_has(
    editors_client,
):
    data = dict(_admin_form(editors_client, reverse("admin:pages_page_add")))
    data.update(slug="sectors", title_en="Sectors?", body_en="No.")

    response = editors_client.post(reverse("admin:pages_page_add"), data)

    assert response.status_code == 200
    assert "/sectors/ belongs to another part of the site" in text(
        select_one(response, ".errorlist")
    )
    assert not Page.objects.filter(slug="sectors").exists()


def test_authors_cannot_edit_the_sites_pages(client, author):
    client.force_login(author)
    page = Page.objects.get(slug="about")
    assert (
        client.get(reverse("admin:pages_page_change", args=[page.pk])).status_code
        == 403
    )


# The sitemap.


def _sitemap(client):
    with warnings.catch_warnings():  # html.parser reads this XML well enough
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        sitemap = parse(client.get("/sitemap.xml"))
    return {
        url.loc.text: {
            link["hreflang"]: link["href"] for link in url.find_all("xhtml:link")
        }
        for url in sitemap.find_all("url")
    }


def test_the_sitemap_lists_each_page_in_both_languages(client):
    entries = _sitemap(client)
    for slug in PAGES:
        english = f"http://testserver/{slug}/"
        chinese = f"http://testserver/zh-hant/{slug}/"
        assert (
            entries[english]
            == entries[chinese]
            == {"en": english, "zh-hant": chinese, "x-default": english}
        )
