"""The search engines: PostgreSQL's full-text search, SQLite's FTS5, and a
slow fallback for an SQLite built without FTS5.

Each keeps its index current (``index``, ``forget``), narrows a queryset of
articles to a query (``matching``), scores every article that matches
(``ranking``: the search page counts and pages them with ``articles.edition``)
and marks the words found in a passage of each (``snippets``). Which one runs
is decided by the database (``engine()``).
"""

from functools import lru_cache, reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from articles.models import Article

from . import text
from .models import FTSEntry, SearchDocument

# PostgreSQL's text search configuration: English stemming; CJK characters,
# written one per word by ``text.spaced``, pass through it unchanged.
CONFIG = "english"
SNIPPET_WORDS = 24


class Engine:
    """What every engine does; ``name`` is what docs and the admin call it."""

    name = ""

    def index(self, documents):
        """Store ``{article pk: text.document(...)}``, replacing what was there."""

    def forget(self, pks):
        """Drop these articles from the index."""

    def clear(self):
        """Drop every entry (a rebuild starts from nothing: no entry is left
        for an article that is gone, such as after a restore over a site)."""

    def matching(self, articles, query):
        """``articles`` that match ``query``; none for an empty query."""
        return self._matching(articles, query) if query else articles.none()

    def ranking(self, query):
        """``[(pk, relevance), ...]`` of every article that matches ``query``,
        whatever its state or language, most relevant first: one query. In
        order, so that a page of the best needs to read only as far as it
        shows, not sort every match (1-2 ms for a common word at 10,000)."""
        return list(self._ranking(query)) if query else []

    def snippets(self, pks, query):
        """``{pk: safe HTML}``: a passage of each article around the words
        found, marked with ``<mark>``; one query, for one page's results."""
        return {pk: text.highlighted(s) for pk, s in self._snippets(pks, query)}


class PostgresEngine(Engine):
    name = "PostgreSQL full-text search"

    def clear(self):
        SearchDocument.objects.all().delete()

    def index(self, documents):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"""
                INSERT INTO {SearchDocument._meta.db_table} (article_id, vector, body)
                VALUES (
                    %s,
                    setweight(to_tsvector('{CONFIG}', %s), 'A')
                    || setweight(to_tsvector('{CONFIG}', %s), 'B')
                    || setweight(to_tsvector('{CONFIG}', %s), 'C')
                    || setweight(to_tsvector('{CONFIG}', %s), 'D'),
                    %s
                )
                ON CONFLICT (article_id)
                DO UPDATE SET vector = EXCLUDED.vector, body = EXCLUDED.body
                """,
                [
                    (pk, d["title"], d["summary"], d["body"], d["tags"], d["body"])
                    for pk, d in documents.items()
                ],
            )

    def forget(self, pks):
        SearchDocument.objects.filter(pk__in=pks).delete()

    def _query(self, query):
        return SearchQuery(
            text.websearch(query), search_type="websearch", config=CONFIG
        )

    def _matching(self, articles, query):
        return articles.filter(search_document__vector=self._query(query))

    def _ranking(self, query):
        search = self._query(query)
        return (
            SearchDocument.objects.filter(vector=search)
            .annotate(rank=SearchRank(F("vector"), search))
            .order_by("-rank")
            .values_list("pk", "rank")
        )

    def _snippets(self, pks, query):
        headline = SearchHeadline(
            "body",
            self._query(query),
            config=CONFIG,
            start_sel=text.START,
            stop_sel=text.STOP,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            short_word=0,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        return (
            SearchDocument.objects.filter(pk__in=pks)
            .annotate(snippet=headline)
            .values_list("pk", "snippet")
        )


# bm25's weights for FTS5's columns: title, summary, body, tags (lower is
# better: its negative is the score).
BM25 = "bm25(articles_fts, 10.0, 4.0, 1.0, 0.5)"


class SQLiteEngine(Engine):
    name = "SQLite FTS5"

    def index(self, documents):
        pks = list(documents)
        with connection.cursor() as cursor:
            self._delete(cursor, pks)
            cursor.executemany(
                "INSERT INTO articles_fts (rowid, title, summary, body, tags) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (pk, d["title"], d["summary"], d["body"], d["tags"])
                    for pk, d in documents.items()
                ],
            )

    def forget(self, pks):
        with connection.cursor() as cursor:
            self._delete(cursor, list(pks))

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_fts")

    def _delete(self, cursor, pks):
        for start in range(0, len(pks), 500):  # within any SQLite's variable limit
            chunk = pks[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM articles_fts WHERE rowid IN ({marks})", chunk)

    # SQLite's planner, given a join of articles and the FTS5 table, reads
    # the articles (by their indexes) and runs the full-text query once per
    # article: 0.3 s for a common word at 10,000 articles. Asked as a subquery,
    # it runs once: 5 ms. docs/search.md, "Performance".
    MATCHES = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH %s"

    def _matching(self, articles, query):
        return articles.filter(pk__in=RawSQL(self.MATCHES, (text.fts5(query),)))

    def _ranking(self, query):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -{BM25} AS score FROM articles_fts "
                "WHERE articles_fts MATCH %s ORDER BY score DESC",
                [text.fts5(query)],
            )
            return cursor.fetchall()

    def _snippets(self, pks, query):
        snippet = RawSQL(
            "snippet(articles_fts, 2, char(2), char(3), '…', %s)", (SNIPPET_WORDS,)
        )
        return (
            FTSEntry.objects.filter(pk__in=pks, document__match=text.fts5(query))
            .annotate(snippet=snippet)
            .values_list("pk", "snippet")
        )


class FallbackEngine(Engine):
    """Without an index: every article's text compared with each term, title
    matches first. Correct, and as slow as that sounds (docs/search.md)."""

    name = "substring search (no index)"

    @staticmethod
    def _phrase(term):
        """A term's tokens as the text spells them (no spaces in CJK)."""
        return text.joined(" ".join(term.tokens))

    def _has(self, term, fields=("title", "summary", "body")):
        phrase = self._phrase(term)
        return reduce(or_, (Q(**{f"{name}__icontains": phrase}) for name in fields))

    def _matching(self, articles, query):
        wanted = reduce(
            and_, (reduce(or_, (self._has(t) for t in group)) for group in query.groups)
        )
        for term in query.excluded:
            wanted &= ~self._has(term)
        return articles.filter(wanted)

    def _ranking(self, query):
        first = [group[0] for group in query.groups]
        return (
            self._matching(Article.objects.all(), query)
            .annotate(
                rank=Case(
                    When(
                        reduce(and_, (self._has(t, ["title"]) for t in first)), then=3
                    ),
                    When(
                        reduce(and_, (self._has(t, ["summary"]) for t in first)), then=2
                    ),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("-rank")
            .values_list("pk", "rank")
        )

    def _snippets(self, pks, query):
        bodies = Article.objects.filter(pk__in=pks).values_list("pk", "body_html")
        return [
            (pk, text.around(text.plain(body), query, SNIPPET_WORDS))
            for pk, body in bodies
        ]


@lru_cache
def _engine(vendor, has_fts_table):
    if vendor == "postgresql":
        return PostgresEngine()
    return SQLiteEngine() if has_fts_table else FallbackEngine()


def engine():
    """The engine for the default database: FTS5 on SQLite where migration
    0007 could create its table, PostgreSQL's own, else the fallback."""
    return _engine(connection.vendor, _has_fts_table(connection.settings_dict["NAME"]))


@lru_cache
def _has_fts_table(database_name):
    if connection.vendor != "sqlite":
        return False
    return FTSEntry._meta.db_table in connection.introspection.table_names()
