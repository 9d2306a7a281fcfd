"""The content model: visibility, Markdown, tags and slugs."""

from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Tag

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_when_its_time_comes():
    soon = ArticleFactory(published_at=timezone.now() + timedelta(seconds=1))
    assert soon not in Article.objects.published()
    Article.objects.filter(pk=soon.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    assert soon in Article.objects.published()


def test_publishing_without_a_date_publishes_now():
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None
    assert article in Article.objects.published()


def test_body_is_rendered_to_sanitised_html():
    article = ArticleFactory(
        body="## Heading\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1)) "
        "and [safe](https://example.org)\n\n<img src=x onerror=alert(1)>"
    )
    html = article.body_html
    assert "<h2>Heading</h2>" in html
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "onerror" not in html
    assert 'href="https://example.org"' in html


def test_control_characters_are_removed_on_save():
    article = ArticleFactory(title="Bad\x0b title\x08", summary="Sum\ufffemary")
    article.refresh_from_db()
    assert article.title == "Bad title"
    assert article.summary == "Summary"


@pytest.mark.parametrize(
    "name, slug",
    [("私隱", "私隱"), ("人工智能", "人工智能"), ("Open Data", "open-data")],
)
def test_tag_slugs_keep_non_ascii_names(name, slug):
    article = ArticleFactory(tags=[name])
    tag = article.tags.get()
    assert tag.slug == slug
    assert unquote(tag.get_absolute_url()) == f"/tags/{slug}/"


def test_tag_without_letters_never_gets_an_empty_slug():
    article = ArticleFactory(tags=["!!!", "???"])
    slugs = [tag.slug for tag in article.tags.all()]
    assert all(slugs) and len(set(slugs)) == 2


def test_tags_are_case_and_width_insensitive():
    first = ArticleFactory(tags=["Research"])
    second = ArticleFactory(tags=["research"])
    third = ArticleFactory(tags=["ＡＩ"])  # full-width letters
    fourth = ArticleFactory(tags=["AI"])
    assert first.tags.get() == second.tags.get()
    assert third.tags.get() == fourth.tags.get()
    assert Tag.objects.count() == 2


@pytest.mark.parametrize("slug", ["2025", "feed"])
def test_slugs_that_would_clash_with_other_urls_are_rejected(slug):
    article = ArticleFactory.build(slug=slug)
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["author"])
    assert "slug" in error.value.message_dict


def test_migrations_are_complete(django_db_setup):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
