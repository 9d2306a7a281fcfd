"""Author pages: a profile per author, their articles in each edition, and
bylines that lead to them."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from authors.models import AuthorProfile

from .factories import ArticleFactory, AuthorProfileFactory, UserFactory
from .html import card_titles, form_fields, parse, select_one, text
from .test_identity import _sitemap

pytestmark = pytest.mark.django_db


def _in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def profile():
    return AuthorProfileFactory(
        slug="mei-chan",
        display_name_en="Mei Chan",
        display_name_zh_hant="陳美",
        role_en="Technology reporter",
        role_zh_hant="科技記者",
        bio_en="Mei covers hospitals and data.",
        bio_zh_hant="陳美負責醫院和數據的報道。",
    )


def test_an_author_page_shows_who_they_are_in_each_language(client, profile):
    english = parse(client.get("/authors/mei-chan/"))
    chinese = parse(client.get("/zh-hant/authors/mei-chan/"))
    assert text(select_one(english, "h1")) == "Mei Chan"
    assert text(select_one(english, ".author-profile__role")) == "Technology reporter"
    assert text(select_one(english, ".author-profile__bio")) == (
        "Mei covers hospitals and data."
    )
    assert text(select_one(chinese, "h1")) == "陳美"
    assert text(select_one(chinese, ".author-profile__role")) == "科技記者"
    assert (
        text(select_one(chinese, ".author-profile__bio"))
        == "陳美負責醫院和數據的報道。"
    )


def test_an_author_page_lists_only_their_public_articles_in_its_language(
    client, profile
):
    ArticleFactory(author=profile.user, title="Hospitals and AI")
    ArticleFactory(author=profile.user, chinese=True, title="醫院與人工智能")
    ArticleFactory(author=profile.user, draft=True, title="Unfinished")
    ArticleFactory(author=profile.user, scheduled=True, title="Next week")
    ArticleFactory(title="Someone else's")

    english = client.get("/authors/mei-chan/")
    chinese = client.get("/zh-hant/authors/mei-chan/")

    assert card_titles(english) == ["Hospitals and AI"]
    assert text(select_one(english, "main h2")) == "1 article"
    assert card_titles(chinese) == ["醫院與人工智能"]


def test_an_author_page_is_paginated_and_a_bad_page_is_a_404(client, settings, profile):
    settings.ARTICLES_PER_PAGE = 2
    for n in range(3):
        ArticleFactory(author=profile.user, title=f"Story {n}")
    assert len(card_titles(client.get("/authors/mei-chan/"))) == 2
    assert card_titles(client.get("/authors/mei-chan/?page=2")) == ["Story 0"]
    assert client.get("/authors/mei-chan/?page=9").status_code == 404
    assert client.get("/authors/mei-chan/?page=x").status_code == 404


def test_an_unknown_author_is_a_404(client):
    assert client.get("/authors/nobody/").status_code == 404
    assert client.get("/zh-hant/authors/nobody/").status_code == 404


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Mei Chan"), ("zh-hant", "陳美")]
)
def test_a_byline_links_to_the_authors_page_in_the_articles_language(
    client, profile, language, name
):
    article = ArticleFactory(author=profile.user, language=language)
    byline = select_one(client.get(article.get_absolute_url()), 'a[rel="author"]')
    assert text(byline) == name
    assert byline["href"] == _in(language, "authors:detail", slug="mei-chan")


def test_a_byline_without_a_profile_is_plain_text(client):
    article = ArticleFactory(author=UserFactory(first_name="Ka", last_name="Ho"))
    meta = select_one(client.get(article.get_absolute_url()), "article header .meta")
    assert text(meta).startswith("By Ka Ho")
    assert not meta.select('a[rel="author"]')


def test_renaming_an_author_refreshes_their_bylines_at_once(client, page_cache):
    # Made as the site makes it: in a transaction that commits.
    with page_cache(execute=True):
        profile = AuthorProfileFactory(display_name_en="Mei Chan")
        article = ArticleFactory(author=profile.user)
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"

    with page_cache(execute=True):
        profile.display_name_en = "Mei Chan Wing-yan"
        profile.save()

    response = client.get(article.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert text(select_one(response, 'a[rel="author"]')) == "Mei Chan Wing-yan"


def test_an_editor_gives_an_author_a_profile_in_the_admin(client, editor, author):
    client.force_login(editor)
    add = reverse("admin:authors_authorprofile_add")
    data = dict(form_fields(select_one(client.get(add), "form#authorprofile_form")))
    data.update(
        user=author.pk,
        slug="ka-ho",
        display_name_en="Ka Ho",
        display_name_zh_hant="家豪",
        role_en="Editor",
        role_zh_hant="編輯",
        bio_en="Ka Ho edits our finance coverage.",
        bio_zh_hant="家豪負責編輯金融報道。",
    )

    assert client.post(add, data).status_code == 302

    assert AuthorProfile.objects.get(slug="ka-ho").user == author
    page = parse(Client().get("/zh-hant/authors/ka-ho/"))
    assert text(select_one(page, "h1")) == "家豪"


def test_authors_cannot_edit_profiles(client, author):
    client.force_login(author)
    add = reverse("admin:authors_authorprofile_add")
    assert client.get(add).status_code == 403


def test_the_demo_newsroom_has_a_profile_its_bylines_link_to(client, sectors):
    call_command("load_demo", verbosity=0)
    profile = AuthorProfile.objects.get(slug="newsroom")
    assert profile.user.articles.count() > 0
    for language in ("en", "zh-hant"):
        article = profile.user.articles.published(language).first()
        byline = select_one(client.get(article.get_absolute_url()), 'a[rel="author"]')
        assert byline["href"] == _in(language, "authors:detail", slug="newsroom")
        assert card_titles(client.get(byline["href"]))
    call_command("load_demo", verbosity=0)  # a second run adds nothing
    assert AuthorProfile.objects.count() == 1


def test_the_sitemap_lists_author_pages_in_both_languages(client, profile):
    entries = _sitemap(client)
    english = "http://testserver/authors/mei-chan/"
    chinese = "http://testserver/zh-hant/authors/mei-chan/"
    assert entries[english] == {
        "en": english,
        "zh-hant": chinese,
        "x-default": english,
    }
