"""The search index: on PostgreSQL a weighted tsvector per article behind a
GIN index; on SQLite an FTS5 table (where SQLite has FTS5: without it the
site searches without an index, articles/search/engines.py). Built here for
the articles that exist."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import OperationalError, migrations, models

import articles.search.models
from articles.search import engines, indexing

FTS5_TABLE = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, summary, body, tags, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX articles_search_vector ON articles_searchdocument "
            "USING GIN (vector)"
        )
        index = engines.PostgresEngine()
    elif vendor == "sqlite":
        try:
            schema_editor.execute(FTS5_TABLE)
        except OperationalError:  # an SQLite built without FTS5
            return
        index = engines.SQLiteEngine()
    else:
        return
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    articles = list(Article.objects.only("title", "summary", "body_html"))
    for start in range(0, len(articles), indexing.BATCH):
        batch = articles[start : start + indexing.BATCH]
        index.index(indexing.documents(batch, TaggedArticle.objects))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_languages"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
                ("body", models.TextField()),
            ],
        ),
        migrations.CreateModel(
            name="FTSEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="fts_entry",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("title", models.TextField()),
                ("summary", models.TextField()),
                ("body", models.TextField()),
                ("tags", models.TextField()),
                (
                    "document",
                    articles.search.models.MatchField(db_column="articles_fts"),
                ),
            ],
            options={"db_table": "articles_fts", "managed": False},
        ),
        migrations.RunPython(create_index, drop_index),
    ]
