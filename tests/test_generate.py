"""``manage.py generate_articles``: made-up articles, as real ones look to readers."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from articles.management.commands import generate_articles
from articles.models import Article, Tag
from articles.text import render_markdown
from hkai.pagecache.models import ContentVersion

from .html import card_titles

pytestmark = pytest.mark.django_db


def generated():
    return Article.objects.filter(slug__startswith="gen-").prefetch_related(
        "sectors", "challenges", "tags"
    )


def snapshot():
    """What a seed decides (dates are fractions of a span that ends now)."""
    return [
        (
            a.title,
            a.summary,
            a.body,
            a.language,
            a.translation_group,
            a.featured,
            sorted(s.slug for s in a.sectors.all()),
            sorted(c.slug for c in a.challenges.all()),
            sorted(t.name for t in a.tags.all()),
        )
        for a in generated().order_by("slug")
    ]


def list_titles(client, language):
    with translation.override(language):
        url = reverse("articles:list")
    return card_titles(client.get(url))


def test_generated_articles_are_published_filed_and_listed(client):
    call_command("generate_articles", 50, seed=7)
    articles = list(generated())
    assert len(articles) == 50
    assert Article.objects.published().count() == 50
    assert {a.language for a in articles} == {"en", "zh-hant"}
    for article in articles:
        assert article.published_at < timezone.now()
        assert 1 <= len(article.sectors.all()) <= 2
        assert len(article.challenges.all()) <= 2
        assert 2 <= len(article.tags.all()) <= 4
        assert "\n## " in article.body
        assert article.body_html == render_markdown(article.body)
        assert "<h2>" in article.body_html
    chinese = [a for a in articles if a.language == "zh-hant"]
    assert any({"私隱", "醫療"} & {t.name for t in a.tags.all()} for a in chinese)
    assert Tag.objects.count() == 300
    # Each edition's list starts with its newest generated articles.
    for language in ("en", "zh-hant"):
        newest = Article.objects.published(language)[:3]
        assert list_titles(client, language)[:3] == [a.title for a in newest]


def test_running_again_adds_as_many_more(capsys):
    call_command("generate_articles", 50)
    call_command("generate_articles", 50)
    assert generated().count() == 100
    assert Article.objects.published().count() == 100
    assert Tag.objects.count() == 300  # the second run reuses the tags
    assert capsys.readouterr().out.count("Generated 50 articles") == 2


def test_a_seed_gives_the_same_articles():
    call_command("generate_articles", 20, seed=3)
    first = snapshot()
    Article.objects.all().delete()
    call_command("generate_articles", 20, seed=3)
    assert snapshot() == first
    call_command("generate_articles", 20, seed=4)
    assert snapshot()[20:] != first


def test_the_search_index_is_rebuilt_and_the_page_cache_told(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Bulk inserts send no signals: the command rebuilds the search index when
    the search app provides the command, then makes one public change."""
    called = []
    monkeypatch.setattr(
        generate_articles,
        "get_commands",
        lambda: {generate_articles.SEARCH_INDEX_COMMAND: "search"},
    )
    monkeypatch.setattr(
        generate_articles, "call_command", lambda name, **kw: called.append(name)
    )
    version = ContentVersion.objects.current()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_articles", 5)
    assert called == ["rebuild_search_index"]
    assert ContentVersion.objects.current() == version + 1
