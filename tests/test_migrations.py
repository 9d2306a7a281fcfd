"""Migrations that repair data: a site upgraded with a bad row in it recovers."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article

from .factories import ArticleFactory

BEFORE = [("articles", "0002_editor_groups")]


def migrate(targets=None):
    """To ``targets``, or to the latest migration of every app."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stored_impossible_date_is_repaired_by_the_upgrade():
    """0001-01-01 in Hong Kong time: PostgreSQL stores a BC timestamp that
    Python cannot read back, which made every list and feed fail. The upgrade
    turns the article back into an undated draft, kept for an editor."""
    article = ArticleFactory(title="Dated in year one")
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET published_at = %s WHERE id = %s",
                ["0001-01-01 00:00:00+08:00", article.pk],
            )
    finally:
        migrate()
    repaired = Article.objects.get(pk=article.pk)
    assert repaired.title == "Dated in year one"
    assert (repaired.status, repaired.published_at) == ("draft", None)
    assert list(Article.objects.published()) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tracking_pixel_saved_before_the_image_policy_is_gone_after_the_upgrade(
    client,
):
    """A body rendered before outside images were refused keeps its pixel in
    body_html until it is rendered again: the upgrade renders every body."""
    article = ArticleFactory(title="Pixel", body="Words.")
    pixel = '<p>Words.<img src="https://tracker.example/p.gif" alt=""></p>'
    migrate([("articles", "0010_hero_image")])
    try:
        Article.objects.filter(pk=article.pk).update(body_html=pixel)
    finally:
        migrate()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Words." in page
    assert "tracker.example" not in page
    assert "tracker.example" not in Article.objects.get(pk=article.pk).body_html
