"""Reads that must not grow with the archive find their rows by index.

bench/scale.py prints the plan of each page's slowest query at 100,000
articles; these pin the plans it showed wrong. SQLite only: without
statistics (a site never runs ANALYZE) its planner chooses the same plan for
an empty table as for a full one, so a plan here is the plan in production.
PostgreSQL plans by its statistics, and is measured by bench/scale.py.
"""

import pytest
from django.db import connection

from .factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's plans need no statistics"
    ),
]


def test_an_article_page_finds_its_translations_by_their_group():
    """The article page's other languages: read by the translation group, not
    by walking every published article (87 ms at 10,000 articles, 0.1 ms by
    the index)."""
    article = ArticleFactory()

    plan = article.translations().published().explain()

    assert "translation_group=?" in plan, plan
