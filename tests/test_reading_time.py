"""Reading time: counted once when an article is saved, shown on every card
and article page, in each edition's words."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from articles.generating import store
from articles.generating.plan import Planned
from articles.models import Article
from articles.reading import reading_minutes

from .factories import ArticleFactory
from .html import parse, select_one, text

pytestmark = pytest.mark.django_db

# 230 English words or 400 Chinese characters make a minute, rounded up.
ENGLISH_3_MINUTES = " ".join(["word"] * 461)  # 2.004 minutes
CHINESE_2_MINUTES = "人工智能" * 200  # 800 characters: exactly 2


@pytest.mark.parametrize(
    "html, minutes",
    [
        ("", 1),
        ("<p>Short.</p>", 1),
        (f"<p>{' '.join(['word'] * 460)}</p>", 2),
        (f"<p>{ENGLISH_3_MINUTES}</p>", 3),
        (f"<p>{CHINESE_2_MINUTES}</p>", 2),
        (f"<p>{'私隱' * 201}</p>", 2),  # 402 characters: just over a minute
        # Mixed: 200 characters (half a minute) and 115 words (half a minute).
        (f"<p>{'香港' * 100} {' '.join(['AI'] * 115)}</p>", 1),
        (f"<p>{'香港' * 101} {' '.join(['AI'] * 115)}</p>", 2),
        # Markup and entities are not words; "don't" and "AI-led" are one each.
        ("<p><a href='https://x.hk/a/b/c'>don&#x27;t</a> AI-led</p>" * 230, 2),
    ],
)
def test_reading_minutes_count_words_and_cjk_characters_apart(html, minutes):
    assert reading_minutes(html) == minutes


def test_saving_counts_the_reading_time_from_the_rendered_body():
    article = ArticleFactory(body=f"## Heading\n\n{ENGLISH_3_MINUTES}")
    assert Article.objects.get(pk=article.pk).reading_minutes == 3

    article.body = "A short note now."
    article.save()
    assert Article.objects.get(pk=article.pk).reading_minutes == 1


def _reading_times(response):
    return [text(node) for node in parse(response).select(".reading-time")]


def test_cards_and_the_article_page_show_it_in_english(client):
    article = ArticleFactory(body=ENGLISH_3_MINUTES)

    for url in (reverse("home"), reverse("articles:list")):
        assert _reading_times(client.get(url)) == ["3 min read"]
    page = client.get(article.get_absolute_url())
    assert text(select_one(page, ".article .meta .reading-time")) == "3 min read"


def test_cards_and_the_article_page_show_it_in_chinese(client):
    article = ArticleFactory(chinese=True, body=CHINESE_2_MINUTES)

    for name in ("home", "articles:list"):
        with translation.override("zh-hant"):
            response = client.get(reverse(name))
        assert _reading_times(response) == ["閱讀約 2 分鐘"]
    page = client.get(article.get_absolute_url())
    assert text(select_one(page, ".article .meta .reading-time")) == "閱讀約 2 分鐘"


def test_search_results_show_it(client):
    ArticleFactory(title="Privacy robots", body=ENGLISH_3_MINUTES)
    response = client.get(reverse("articles:search") + "?q=robots")
    assert _reading_times(response) == ["3 min read"]


def test_generated_articles_have_their_reading_time():
    """generate_articles inserts in bulk, skipping save(): it counts too."""
    call_command("generate_articles", 20, seed=3, stdout=StringIO())
    articles = Article.objects.filter(slug__startswith="gen-")
    assert articles.count() == 20
    for article in articles:
        assert article.reading_minutes == reading_minutes(article.body_html)


def test_a_long_generated_article_reads_longer():
    """The generator's bodies are short; its insert counts a long one right."""
    long = Planned(
        slug="gen-long",
        language="en",
        group=uuid.uuid4(),
        published_at=timezone.now(),
        sectors=[],
        challenges=[],
        title="Long",
        summary="Long.",
        body=ENGLISH_3_MINUTES,
    )
    store.insert([long], store.authors(), {})
    assert Article.objects.get(slug="gen-long").reading_minutes == 3


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_upgrade_counts_the_reading_time_of_existing_articles():
    english = ArticleFactory(body=ENGLISH_3_MINUTES)
    chinese = ArticleFactory(chinese=True, body=CHINESE_2_MINUTES)
    _migrate([("articles", "0008_edition_index")])
    _migrate(None)
    assert Article.objects.get(pk=english.pk).reading_minutes == 3
    assert Article.objects.get(pk=chinese.pk).reading_minutes == 2
