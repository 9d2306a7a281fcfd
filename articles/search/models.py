"""Where each engine keeps the index: one row per article, written on save.

Each database uses one of the two (``engines.engine()``); the other stays
empty. Imported by ``articles.models``, so Django sees them as the app's.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup


class SearchDocument(models.Model):
    """PostgreSQL: the weighted ``tsvector`` of an article (title A, summary
    B, body C, tags D) behind a GIN index (migration 0007, PostgreSQL only),
    and its body's text for ``ts_headline``."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    vector = SearchVectorField()
    body = models.TextField()

    class Meta:
        app_label = "articles"

    def __str__(self):
        return f"Search document of article {self.pk}"


class MatchField(models.TextField):
    """FTS5's hidden column named after its table: ``MATCH`` it to search
    every column."""


@MatchField.register_lookup
class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FTSEntry(models.Model):
    """SQLite: the row of the FTS5 table ``articles_fts`` (migration 0007,
    SQLite only) for an article: its rowid is the article's id."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="fts_entry",
    )
    title = models.TextField()
    summary = models.TextField()
    body = models.TextField()
    tags = models.TextField()
    document = MatchField(db_column="articles_fts")

    class Meta:
        app_label = "articles"
        managed = False
        db_table = "articles_fts"

    def __str__(self):
        return f"Index entry of article {self.pk}"
