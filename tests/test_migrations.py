"""Migrations that repair data: a site upgraded with a bad row in it recovers."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article

from .factories import ArticleFactory

BEFORE = [("articles", "0002_editor_groups")]
AFTER = [("articles", "0003_cleaned_text_and_date_range")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def newest():
    """Every app's newest migration: where the tests that run after expect it."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


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
        migrate(AFTER)
        migrate(newest())
    repaired = Article.objects.get(pk=article.pk)
    assert repaired.title == "Dated in year one"
    assert (repaired.status, repaired.published_at) == ("draft", None)
    assert list(Article.objects.published()) == []
