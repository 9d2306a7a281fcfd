"""Cache hits that stay in the worker: its own bounded copy of the pages.

A hit is answered from the worker's memory while the entry's generation is
the one it trusts: with Redis, no round trip (the lease, test_lease.py has
the cross-server proof); in the embedded default, the pages are files every
worker shares, so a page one worker rendered is a hit on every other.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core.signals import request_started

from hkai.pagecache.filestate import SharedFileCache
from hkai.pagecache.local import LocalPages, size

from .conftest import use_redis
from .factories import ArticleFactory
from .servers import access_log, call_wsgi, fetch, gunicorn, sqlite_site


def entry(token="t", body=b"x" * 1000):
    return (token, 200, [("Content-Type", "text/html")], body)


# The copies are bounded. --------------------------------------------------


def test_the_copy_keeps_the_most_recently_used_pages_up_to_a_count():
    local = LocalPages(max_entries=2, max_bytes=10**6, seconds=60)
    local.keep("home", entry())
    local.keep("sector", entry())
    assert local.get("home", "t")  # used: now the most recent
    local.keep("article", entry())
    assert local.get("sector", "t") is None  # the least recently used went
    assert local.get("home", "t") and local.get("article", "t")
    assert len(local) == 2


def test_the_copy_keeps_pages_up_to_a_number_of_bytes():
    page = entry(body=b"x" * 10_000)
    local = LocalPages(max_entries=100, max_bytes=2 * size(page), seconds=60)
    for key in ("a", "b", "c"):
        local.keep(key, page)
    assert [key for key in "abc" if local.get(key, "t")] == ["b", "c"]
    assert local.bytes <= 2 * size(page)
    local.keep("huge", entry(body=b"x" * 100_000))  # larger than the whole copy
    assert local.get("huge", "t") is None
    assert local.get("c", "t")  # and it pushed nothing out


def test_a_copy_of_an_older_generation_or_past_its_time_is_not_answered():
    local = LocalPages(max_entries=10, max_bytes=10**6, seconds=60)
    local.keep("home", entry(token="old"))
    assert local.get("home", "new") is None
    expired = LocalPages(max_entries=10, max_bytes=10**6, seconds=0)
    expired.keep("home", entry())
    assert expired.get("home", "t") is None


def test_the_shared_page_files_are_bounded(tmp_path):
    """One file per address (overwritten in place); past MAX_ENTRIES, the
    oldest go."""
    files = SharedFileCache(tmp_path, {"OPTIONS": {"MAX_ENTRIES": 9}})
    for n in range(30):
        files.set(f"page-{n}", entry(), timeout=None)
        files.set(f"page-{n}", entry(token="again"), timeout=None)
    kept = list(tmp_path.glob("*.value"))
    assert 0 < len(kept) <= 9
    assert files.get("page-29") == entry(token="again")  # the newest stays


# Hits stay in the worker. ---------------------------------------------------


@pytest.mark.django_db
def test_hits_with_redis_cost_no_round_trip_and_a_publish_still_shows_at_once(
    page_cache, settings, redis_server, sectors, django_assert_num_queries
):
    use_redis(settings, redis_server.url)
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LEASE_MS = 500  # the 50 hits take one lease at most
    with page_cache(execute=True):
        ArticleFactory(title="Already live", sectors=[sectors[0]])
    url = sectors[0].get_absolute_url()
    assert call_wsgi(url)[1]["X-Cache"] == "miss"
    assert call_wsgi(url)[1]["X-Cache"] == "hit"  # the copy is taken

    commands = redis.Redis.from_url(redis_server.url)
    before = commands.info("stats")["total_commands_processed"]
    started = []
    request_started.connect(started.append)
    try:
        with django_assert_num_queries(0):
            answers = [call_wsgi(url) for _ in range(50)]
    finally:
        request_started.disconnect(started.append)
    after = commands.info("stats")["total_commands_processed"]
    assert {headers["X-Cache"] for _, headers, _ in answers} == {"hit"}
    assert started == []  # Django never saw them
    assert after - before - 1 == 0  # no command but the INFO itself

    with page_cache(execute=True):  # returns once no lease trusts the old page
        ArticleFactory(title="Just published", sectors=[sectors[0]])
    status, headers, body = call_wsgi(url)
    assert headers["X-Cache"] == "miss" and b"Just published" in body


@pytest.mark.server
@pytest.mark.slow
def test_a_page_one_worker_rendered_is_a_hit_on_every_other(tmp_path, static_root):
    env = sqlite_site(tmp_path, DJANGO_STATIC_ROOT=str(static_root))
    path = "/sectors/healthcare/"
    with gunicorn(tmp_path, workers=3, **env) as server:
        assert fetch(server.url + path)[1]["X-Cache"] == "miss"
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda _: fetch(server.url + path), range(40)))
        assert {headers["X-Cache"] for _, headers, _ in answers} == {"hit"}
        served = [entry for entry in access_log(server) if entry["path"] == path]
        assert [e["cache"] for e in served].count("miss") == 1
        assert len({e["worker"] for e in served if e["cache"] == "hit"}) > 1


def test_only_one_process_adds_a_key_until_it_expires(tmp_path):
    """``add`` on the shared files is a lock one worker alone takes (what a
    storm of misses needs), free again once it expired or was deleted."""
    workers = [SharedFileCache(tmp_path, {}) for _ in range(16)]
    start = threading.Barrier(len(workers))

    def take(n):
        start.wait(timeout=10)
        return workers[n].add("rendering", f"worker {n}", timeout=60)

    for round_ in range(5):
        workers[0].delete("rendering")
        with ThreadPoolExecutor(max_workers=len(workers)) as pool:
            won = [n for n, took in enumerate(pool.map(take, range(16))) if took]
        assert len(won) == 1, f"round {round_}: {won} all took it"
        assert workers[-1].get("rendering") == f"worker {won[0]}"
    first, second = workers[:2]
    first.delete("rendering")
    assert second.add("rendering", "worker 2", timeout=-1)  # expired at once
    assert first.add("rendering", "worker 1", timeout=60)
    assert not list(tmp_path.glob("*.tmp"))  # no temporary file left behind
