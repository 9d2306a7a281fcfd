"""Miss storms: many readers asking for one page not cached render it once, a
lock whose holder died delays nobody for long, and hot pages are rendered
again before they expire (hkai/pagecache/storms.py)."""

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory

from articles.models import Article
from hkai.pagecache import storms
from hkai.pagecache.keys import environ_address

from .conftest import use_redis
from .factories import ArticleFactory
from .servers import ROOT, call_wsgi, gunicorn, sqlite_site

STORM = 16


def get(url, headers=None):
    """``(status, X-Cache, body, seconds)`` of one GET on its own connection."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    started = time.monotonic()
    try:
        connection.request("GET", parts.path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return (
            response.status,
            response.getheader("X-Cache"),
            body,
            (time.monotonic() - started),
        )
    finally:
        connection.close()


def storm(url, n=STORM):
    """``n`` GETs for ``url`` sent at the same moment, one thread each."""
    start = threading.Barrier(n)
    answers = [None] * n

    def reader(i):
        start.wait(timeout=10)
        answers[i] = get(url)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


def renders(server, path, how):
    """The server's "page rendered" log lines for ``path``, of kind ``how``."""
    lines = server.output().split("\n")[:-1]
    return [
        entry
        for entry in (json.loads(line) for line in lines if line.startswith("{"))
        if entry.get("message") == "page rendered"
        and entry.get("path") == path
        and entry.get("cache") == how
    ]


def p99(seconds):
    return statistics.quantiles(seconds, n=100, method="inclusive")[98]


WARM = ["/sectors/", "/articles/", "/feeds/rss/", "/zh-hant/", "/zh-hant/sectors/"]


def warm(server):
    """The generation made, and the workers past their first renders."""
    for _ in range(2):
        threads = [
            threading.Thread(target=get, args=(server.url + path,)) for path in WARM
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)


def assert_rendered_once(answers, server, path):
    statuses = [status for status, *_ in answers]
    kinds = sorted(kind for _, kind, _, _ in answers)
    assert statuses == [200] * STORM
    assert kinds.count("miss") == 1, kinds
    assert set(kinds) <= {"miss", "wait", "hit"}, kinds
    assert len({body for _, _, body, _ in answers}) == 1  # one page for all
    assert len(renders(server, path, "miss")) == 1


# The production shape: pages and locks in Redis, 5 sync workers. -------------


@pytest.mark.slow
@pytest.mark.server
def test_a_storm_of_misses_renders_once_with_redis(
    tmp_path, redis_server, static_root, capsys
):
    import redis

    env = sqlite_site(
        tmp_path,
        CACHE_URL=redis_server.url,
        DJANGO_STATIC_ROOT=str(static_root),
        # Entries come due for a refresh two seconds after they are stored.
        HKAI_PAGE_CACHE_SECONDS="30",
        HKAI_PAGE_CACHE_REFRESH_SECONDS="28",
        # No worker copies: removing the page from Redis below is an eviction
        # every worker sees.
        HKAI_PAGE_CACHE_LOCAL_ENTRIES="0",
    )
    path = "/"
    with gunicorn(tmp_path, workers=5, **env) as server:
        warm(server)
        answers = storm(server.url + path)
        assert_rendered_once(answers, server, path)

        # One render alone, for comparison: the page's entry removed, as an
        # eviction would (the generation stays).
        store = redis.Redis.from_url(redis_server.url)
        alone = []
        for _ in range(3):
            for key in store.scan_iter(match="*pagecache:page:*"):
                store.delete(key)
            status, kind, _, seconds = get(server.url + path)
            assert (status, kind) == (200, "miss")
            alone.append(seconds)
        stored = time.monotonic()
        with capsys.disabled():
            one = statistics.median(alone)
            latencies = [seconds for *_, seconds in answers]
            print(
                f"\nstorm of {STORM} (Redis): p99 {p99(latencies) * 1000:.1f} ms, "
                f"one render {one * 1000:.1f} ms, "
                f"ratio {p99(latencies) / one:.2f}"
            )

        # Near its expiry, a storm of hits is answered from the cache, and the
        # page is rendered again once, after them.
        time.sleep(max(0, stored + 2.2 - time.monotonic()))
        hits = storm(server.url + path)
        assert {(status, kind) for status, kind, _, _ in hits} == {(200, "hit")}
        deadline = time.monotonic() + 5
        while not renders(server, path, "refresh") and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # a second refresh, if there were one, would show by now
        assert len(renders(server, path, "refresh")) == 1
        assert get(server.url + path)[:2] == (200, "hit")


# The embedded default: SQLite, no Redis, 5 workers on one machine. -----------


def pages_backend(env):
    """The page cache's backend in a server started with ``env``."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES[s.PAGE_CACHE_ALIAS]['BACKEND'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "hkai.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.mark.slow
@pytest.mark.server
def test_a_storm_of_misses_renders_once_in_the_embedded_default(tmp_path, request):
    embedded = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "CACHE_URL")
    }
    if pages_backend(embedded).endswith("LocMemCache"):
        pytest.skip(
            "the embedded default keeps pages in each worker's own memory: 16 "
            "misses over 5 workers cannot share one render until pages are "
            "shared between workers (the pagecache-local work)"
        )
    static_root = request.getfixturevalue("static_root")
    env = sqlite_site(tmp_path, DJANGO_STATIC_ROOT=str(static_root))
    path = "/"
    with gunicorn(tmp_path, workers=5, **env) as server:
        warm(server)
        assert_rendered_once(storm(server.url + path), server, path)


# In-process: a dead lock holder, and a refresh. ------------------------------


@pytest.fixture(params=["redis", "file"])
def shared_pages(request, settings, tmp_path):
    share_pages(request.param, request, settings, tmp_path)


def share_pages(where, request, settings, tmp_path):
    """Pages shared by every process: in Redis (locks there too), or in
    files with the lock files in the state directory."""
    if where == "redis":
        use_redis(settings, request.getfixturevalue("redis_server").url)
    else:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "pages"),
            },
        }
    settings.PAGE_CACHE_ENABLED = True


def test_a_lock_whose_holder_died_delays_readers_only_until_it_expires(
    client, shared_pages, settings, sectors
):
    settings.PAGE_CACHE_LOCK_SECONDS = 0.5
    url = sectors[0].get_absolute_url()
    key = environ_address(RequestFactory().get(url).environ).key
    assert storms.lock_for(key).acquire()  # and its holder never comes back

    started = time.monotonic()
    response = client.get(url)
    waited = time.monotonic() - started
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    assert 0.4 < waited < 1.5
    # The reader who rendered let go of the page: the next one is a hit at once.
    started = time.monotonic()
    assert client.get(url)["X-Cache"] == "hit"
    assert time.monotonic() - started < 0.3


@pytest.mark.parametrize("pages", ["local memory", "redis", "file"])
def test_a_page_near_expiry_is_rendered_again_once_after_a_hit(
    page_cache, settings, sectors, pages, request, tmp_path
):
    if pages != "local memory":
        share_pages(pages, request, settings, tmp_path)
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_REFRESH_SECONDS = 59.5  # due half a second after storing
    with page_cache(execute=True):
        article = ArticleFactory(title="First title", sectors=[sectors[0]])
    url = article.get_absolute_url()
    status, headers, body = call_wsgi(url)
    assert headers["X-Cache"] == "miss" and b"First title" in body
    # A change nobody told the cache of: only a new render shows it.
    Article.objects.filter(pk=article.pk).update(title="Second title")
    status, headers, body = call_wsgi(url)
    assert headers["X-Cache"] == "hit" and b"First title" in body  # not yet due

    time.sleep(0.6)
    status, headers, body = call_wsgi(url)  # due: answered, then rendered again
    assert headers["X-Cache"] == "hit" and b"First title" in body
    for _ in range(2):  # the new copy, from the cache
        status, headers, body = call_wsgi(url)
        assert headers["X-Cache"] == "hit" and b"Second title" in body
