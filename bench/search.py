"""Search latency as the archive grows, next to the article list's.

    .venv/bin/python bench/search.py                        # SQLite
    .ci/with-services .venv/bin/python bench/search.py      # PostgreSQL

For each size in ``BENCH_SEARCH_SIZES`` (default "10000,100000"): a fresh
database (a SQLite file in a temporary directory; on PostgreSQL, a database
of its own beside DATABASE_URL's, dropped after), migrated and filled by
``generate_articles SIZE``. Then, in a process of its own (clean settings, the
page cache off), Django's test client fetches each URL below in-process: once
cold, then in up to ``BENCH_SEARCH_REPEAT`` rounds of every URL (default 5)
while the size's budget of ``BENCH_SEARCH_SECONDS`` (default 120) lasts;
every answer must be a 200. If /search/ answers 404 (no search page in this
build), says so and measures the list alone. Prints Markdown tables: median,
p95 and max of the warm runs per size, the growth from the smallest size to
the largest, and each URL's median. Nothing listens on a port: no server is started.
"""

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = [
    int(n) for n in os.environ.get("BENCH_SEARCH_SIZES", "10000,100000").split(",")
]
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "5"))
SECONDS = float(os.environ.get("BENCH_SEARCH_SECONDS", "120"))
SEARCH, ZH_SEARCH = "/search/", "/zh-hant/search/"
SEARCHES = [
    (SEARCH, {"q": "privacy"}),  # common
    (SEARCH, {"q": "hospitals"}),
    (SEARCH, {"q": "AI"}),  # in nearly every article
    (SEARCH, {"q": "typhoon"}),  # rare (articles/generating/vocabulary.py)
    (SEARCH, {"q": "mahjong"}),
    (SEARCH, {"q": "Cyberport"}),
    (SEARCH, {"q": "facial recognition"}),
    (SEARCH, {"q": "bank fraud"}),
    (SEARCH, {"q": "privacy hospitals"}),
    (SEARCH, {"q": '"machine learning"'}),
    (SEARCH, {"q": "AI regulation Hong Kong hospitals privacy"}),
    (SEARCH, {"q": "私隱"}),
    (SEARCH, {"q": "醫療"}),
    (SEARCH, {"q": "人工智能"}),
    (SEARCH, {"q": "zyzzyvaquokka"}),  # no results
    (SEARCH, {"q": "privacy", "page": "2"}),
    (SEARCH, {"q": "privacy", "sector": "healthcare"}),
    (SEARCH, {"q": "banks", "challenge": "data-privacy"}),
    (SEARCH, {"q": "AI", "tag": "generative-ai"}),
    (ZH_SEARCH, {"q": "私隱"}),
    (ZH_SEARCH, {"q": "醫療", "sector": "healthcare"}),
]
LISTS = [
    ("/articles/", {}),
    ("/zh-hant/articles/", {}),
    ("/articles/", {"sector": "healthcare"}),
    ("/articles/", {"page": "10"}),
]


def label(path, query):
    """The URL as a reader would type it (unencoded)."""
    return path + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


# The measuring process. --------------------------------------------------------


def measure():
    """Fetch every URL in this process; print the timings as one JSON line."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")
    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    deadline = time.monotonic() + SECONDS
    # The first requests import, resolve and compile templates: not measured.
    for path in ("/", "/articles/", "/zh-hant/articles/"):
        client.get(path)
    probe = client.get(SEARCH + "?" + urlencode({"q": "privacy"})).status_code
    pages = {"list": LISTS, "search": SEARCHES if probe != 404 else []}
    result = {
        "database": f"{connection.vendor} {_server_version(connection)}",
        "search_status": probe,
        "timings": _timings(client, pages, deadline),
    }
    print(json.dumps(result))


def _timings(client, pages, deadline):
    """``{kind: {label: {"cold": ms, "warm": [ms, ...]}}}``: every URL once
    cold, then rounds of every URL warm (at least one round, at most REPEAT,
    while the budget lasts). In rounds, not one URL after another, so that a
    minute when the shared machine runs slow falls on every URL alike."""
    urls = {
        (kind, label(path, query)): path + ("?" + urlencode(query) if query else "")
        for kind, listed in pages.items()
        for path, query in listed
    }
    timings = {
        key: {"cold": _fetch(client, url), "warm": []} for key, url in urls.items()
    }
    for round_ in range(REPEAT):
        if round_ and time.monotonic() >= deadline:
            break
        for key, url in urls.items():
            timings[key]["warm"].append(_fetch(client, url))
    by_kind = {kind: {} for kind in pages}
    for (kind, name), timing in timings.items():
        by_kind[kind][name] = timing
    return by_kind


def _fetch(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def _server_version(connection):
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# The driving process. ----------------------------------------------------------


@contextmanager
def fresh_database(base_url, tmp, name):
    """A new, empty database's URL: a SQLite file in ``tmp``, or a PostgreSQL
    database beside ``base_url``'s, dropped afterwards."""
    if base_url.startswith("sqlite"):
        yield f"sqlite:///{tmp / name}.sqlite3"
        return
    import psycopg
    from psycopg.sql import SQL, Identifier

    drop = SQL("DROP DATABASE IF EXISTS {}").format(Identifier(name))
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(drop)
        admin.execute(SQL("CREATE DATABASE {}").format(Identifier(name)))
    try:
        yield urlunsplit(urlsplit(base_url)._replace(path="/" + name))
    finally:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(drop)


def run(env, *args, timeout):
    """A child process of this checkout's Python; its stdout."""
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def bench_size(env, size):
    """Migrate, generate ``size`` articles, measure: the measuring's result."""
    run(env, "manage.py", "migrate", "-v0", timeout=600)
    started = time.monotonic()
    out = run(env, "manage.py", "generate_articles", str(size), timeout=300 + size / 50)
    generated = time.monotonic() - started
    print(f"  {out.strip().splitlines()[-1]}", file=sys.stderr)
    measured = run(env, __file__, "--measure", timeout=SECONDS * 3 + 600)
    return {**json.loads(measured.strip().splitlines()[-1]), "generate": generated}


def main():
    tmp = Path(tempfile.mkdtemp(prefix="hkai-search-bench-"))
    base_url = os.environ.get("DATABASE_URL", "sqlite://")
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "60",  # as bench/run.py's servers: no connect per page
        "HKAI_PAGE_CACHE": "0",
        "HKAI_PAGE_CACHE_STATE_DIR": str(tmp / "pagecache"),
    }
    results = {}
    try:
        run(env, "manage.py", "collectstatic", "--noinput", "-v0", timeout=600)
        run(env, "manage.py", "compile_catalogues", "-v0", timeout=600)
        for size in SIZES:
            print(f"{size:,} articles…", file=sys.stderr)
            with fresh_database(base_url, tmp, f"hkai_search_bench_{size}") as url:
                results[size] = bench_size({**env, "DATABASE_URL": url}, size)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(results)


# The report. -----------------------------------------------------------------


def percentile(values, share):
    """The nearest-rank percentile of ``values`` (``share`` between 0 and 1)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def summary(timings):
    """Median, p95 and max of every warm run, and the median cold run."""
    warm = [ms for t in timings.values() for ms in t["warm"]]
    cold = [t["cold"] for t in timings.values()]
    return (
        statistics.median(warm),
        percentile(warm, 0.95),
        max(warm),
        statistics.median(cold),
    )


def report(results):
    first = next(iter(results.values()))
    print(f"\n{first['database']}, {os.cpu_count()} CPUs; Django's test client")
    print(f"in-process, page cache off; each URL once cold, then up to {REPEAT} warm")
    print(f"runs ({SECONDS:.0f} s budget per size). ms of the warm runs.\n")
    if not any(r["timings"]["search"] for r in results.values()):
        print(
            f"**{SEARCH} answered {first['search_status']}: no search page in this "
            "build. Only the article list was measured.**\n"
        )
    kinds = [k for k in ("search", "list") if first["timings"][k]]
    print("| size | pages | URLs | generate s | median | p95 | max | cold median |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, result in results.items():
        for kind in kinds:
            timings = result["timings"][kind]
            median, p95, top, cold = summary(timings)
            print(
                f"| {size:,} | {kind} | {len(timings)} | {result['generate']:.0f} "
                f"| {median:.1f} | {p95:.1f} | {top:.1f} | {cold:.1f} |"
            )
    sizes = list(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(f"\nGrowth from {sizes[0]:,} to {sizes[-1]:,} articles:\n")
        for kind in kinds:
            before = summary(small["timings"][kind])
            after = summary(large["timings"][kind])
            print(
                f"- {kind}: median ×{after[0] / before[0]:.2f}, "
                f"p95 ×{after[1] / before[1]:.2f}"
            )
    print("\n| URL | " + " | ".join(f"{s:,} median" for s in sizes) + " |")
    print("| --- | " + " | ".join("---:" for _ in sizes) + " |")
    for kind in kinds:
        for url in first["timings"][kind]:
            medians = [
                statistics.median(results[s]["timings"][kind][url]["warm"])
                for s in sizes
            ]
            print(f"| `{url}` | " + " | ".join(f"{m:.1f}" for m in medians) + " |")


if __name__ == "__main__":
    measure() if sys.argv[1:] == ["--measure"] else main()
