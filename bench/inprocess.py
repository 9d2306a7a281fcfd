"""What the benchmarks measure inside Django, in a process of their own.

    python bench/inprocess.py paths                  # {page: path}
    python bench/inprocess.py queries                # {page: SQL queries}
    python bench/inprocess.py conditional PATH       # a 304's status and queries
    python bench/inprocess.py timings REPEAT         # per page: ms, queries, EXPLAIN
    python bench/inprocess.py publisher              # a public change per stdin line

Run by bench/run.py and bench/scale.py with DATABASE_URL (and HKAI_PAGE_CACHE)
set for the database measured; prints one JSON object on its last line.
Django's test client on host 127.0.0.1; nothing listens on a port. Every
measurement is of a warm page: each is fetched once first (templates
compiled, per-process indexes such as articles/edition.py's built), because
that is what a serving worker does nearly every time.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each page type the table names, and the search page (scale only).
HTML_PAGES = ["home", "sector", "challenge", "explore", "list", "article", "tag"]
FEEDS = ["site feed", "sector feed"]
PAGES = HTML_PAGES + FEEDS
SECTOR, CHALLENGE = "healthcare", "data-privacy"  # seeded by migrations
SEARCH_QUERY = "privacy"


def paths():
    """``{page: path}``. The article is the newest public one in the default
    language and the tag the most used one, so each exists at every size."""
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article, Tag

    article = Article.objects.published(settings.LANGUAGE_CODE).latest("published_at")
    tag = (
        Tag.objects.annotate(uses=Count("tagged_articles"))
        .order_by("-uses", "pk")
        .first()
    )
    found = {
        "home": reverse("home"),
        "sector": reverse("sectors:sector_detail", args=[SECTOR]),
        "challenge": reverse("sectors:challenge_detail", args=[CHALLENGE]),
        "explore": reverse("sectors:explore"),
        "list": reverse("articles:list"),
        "article": article.get_absolute_url(),
        "tag": tag.get_absolute_url() if tag else None,
        "site feed": reverse("feeds:site", kwargs={"fmt": "rss"}),
        "sector feed": reverse("feeds:sector", kwargs={"slug": SECTOR}),
        "search": f"{reverse('articles:search')}?q={SEARCH_QUERY}",
    }
    return {name: path for name, path in found.items() if path}


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def _get(client, path, **headers):
    response = client.get(path, headers=headers)
    if response.status_code not in (200, 304):
        raise SystemExit(f"{path} answered {response.status_code}")
    return response


def queries():
    """``{page: SQL queries of a warm render}``, with the page cache off."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, counts = _client(), {}
    for name, path in paths().items():
        _get(client, path)
        with CaptureQueriesContext(connection) as captured:
            _get(client, path)
        counts[name] = len(captured)
    return counts


def conditional(path):
    """A conditional GET with the ETag of a first GET, the page cache on:
    its status and its SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    _get(client, path)
    etag = _get(client, path)["ETag"]
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, path, if_none_match=etag)
    return {"etag": etag, "status": response.status_code, "queries": len(captured)}


def timings(repeat):
    """Per page: the median ms of ``repeat`` warm renders (in rounds over
    every page, so a slow moment of the shared machine falls on all alike),
    the queries of one, and the slowest read of those with its plan."""
    from django.db import connection

    client, found = _client(), paths()
    result = {name: {"path": path, "ms": []} for name, path in found.items()}
    for name, path in found.items():
        _get(client, path)
        executed = _steadiest(connection, client, path)
        reads = [q for q in executed if q[1].lstrip().upper().startswith("SELECT")]
        slowest = max(reads, key=lambda q: q[0], default=(0, "", (), ""))
        duration, sql, params, text = slowest
        result[name] |= {
            "queries": len(executed),
            "slowest_ms": duration * 1000,
            "slowest_sql": text,
            "plan": explain(connection, sql, params) if sql else "(no query)",
        }
    for _ in range(repeat):
        for name, path in found.items():
            started = time.perf_counter()
            _get(client, path)
            result[name]["ms"].append((time.perf_counter() - started) * 1000)
    for timing in result.values():
        timing["median_ms"] = statistics.median(timing.pop("ms"))
    return {"database": _database(connection), "pages": result}


def _steadiest(connection, client, path, renders=3):
    """The queries of a render of ``path``, each with its fastest time over
    ``renders`` renders: one render's times are at the mercy of the shared
    machine, and the slowest query should be the one that is slow every time."""
    rounds = [[] for _ in range(renders)]
    for executed in rounds:
        with connection.execute_wrapper(_timed(executed)):
            _get(client, path)
    if len({len(executed) for executed in rounds}) > 1:
        return rounds[0]  # not the same queries each time: no pairing them up
    return [
        (min(query[0] for query in same), *same[0][1:])
        for same in zip(*rounds, strict=True)
    ]


def _timed(executed):
    """An execute wrapper that appends (seconds, sql, params, the SQL as the
    database ran it) to ``executed``."""

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        result = execute(sql, params, many, context)
        elapsed = time.perf_counter() - started
        ops = context["connection"].ops
        text = ops.last_executed_query(context["cursor"], sql, params)
        executed.append((elapsed, sql, params, text))
        return result

    return wrapper


def explain(connection, sql, params):
    """The plan of ``sql`` as the database prints it: SQLite's EXPLAIN QUERY
    PLAN, PostgreSQL's EXPLAIN ANALYZE (it runs the query)."""
    prefix = (
        "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
    except Exception as error:  # the plan is a bonus: never fail the run for it
        return f"(no plan: {error})"
    if connection.vendor == "sqlite":  # (id, parent, notused, detail): a tree
        depth = {0: 0}
        lines = []
        for node, parent, _, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + detail)
        return "\n".join(lines)
    return "\n".join(row[0] for row in rows)


def publisher():
    """Mark every cached page stale once per line read from stdin (a public
    change, as an editor's publish makes), answering each with a line: the
    storm's rounds, without starting Django each time."""
    from hkai.pagecache.core import content_changed

    for _ in sys.stdin:
        content_changed()
        print("changed", flush=True)
    return {}


def _database(connection):
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def main(command, *args):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")
    django.setup()
    commands = {
        "paths": paths,
        "queries": queries,
        "conditional": conditional,
        "publisher": publisher,
        "timings": lambda repeat: timings(int(repeat)),
    }
    print(json.dumps(commands[command](*args)))


if __name__ == "__main__":
    main(*sys.argv[1:])
