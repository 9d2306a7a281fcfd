"""Hits that never leave the worker, and still never stale: the lease.

Two servers share PostgreSQL and Redis; server B reaches Redis through a link
that delays every chunk by 5 ms (tests/delayed_proxy.py), and is kept busy,
so its workers always hold a fresh lease on the generation they read. After
each publish through server A's admin has answered, every one of 20 requests
to B, on all its workers, shows it. Without the publisher's wait, B's workers
would serve the old page until their lease ran out.

Runs where the suite runs on PostgreSQL + Redis (`.ci/with-services`).
"""

import os
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from .delayed_proxy import DelayedProxy
from .html import parse, text
from .servers import (
    EDITOR,
    PASSWORD,
    access_log,
    admin_login,
    change_url,
    fetch,
    gunicorn,
    submit_form,
)
from .test_freshness import errors, production_available, production_site

pytestmark = [
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(
        not production_available(),
        reason="needs PostgreSQL and Redis: run `.ci/with-services .venv/bin/pytest`",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKERS = 3
PAGE = "/sectors/healthcare/"
RETITLED = "medical-imaging-ai-radiology"  # live, on the healthcare page


class AnswerRedirects(urllib.request.HTTPRedirectHandler):
    """Hand a redirect back instead of following it: the admin's save has
    answered when its 302 arrives, not when the page it points to does."""

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def not_following_redirects(browser):
    """An opener with ``browser``'s cookies (its session) that answers 302s."""
    jar = next(
        h.cookiejar
        for h in browser.handlers
        if isinstance(h, urllib.request.HTTPCookieProcessor)
    )
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), AnswerRedirects()
    )


def keep_busy(url, until):
    """Request ``url`` every 20 ms or so until the event is set (at most 60
    s): often enough that B's workers renew their lease as soon as it ends,
    gently enough that the admin's save is not starved of CPU."""
    deadline = time.monotonic() + 60
    while not until.wait(0.02) and time.monotonic() < deadline:
        fetch(url)


def test_a_publish_is_seen_at_once_through_a_slow_link_to_redis(
    tmp_path, settings, static_root
):
    # The servers check passwords with Django's real hashers, not the test's.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    env = {
        **production_site(settings),
        "DJANGO_STATIC_ROOT": str(static_root),
        "HKAI_PAGE_CACHE": "1",
        "GUNICORN_WORKERS": str(WORKERS),
        # Longer than the default 50 ms, so that a missing wait cannot hide
        # behind the time the admin takes to answer after its commit (on a
        # busy machine, a few hundred ms): each save waits a second.
        "HKAI_PAGE_CACHE_LEASE_MS": "1000",
    }
    redis = urlsplit(os.environ["CACHE_URL"])
    with (
        DelayedProxy(redis.hostname, redis.port, delay=0.005) as proxy,
        gunicorn(tmp_path, workers=1, **env) as a,
        gunicorn(
            tmp_path,
            workers=WORKERS,
            **{**env, "CACHE_URL": f"redis://127.0.0.1:{proxy.port}{redis.path}"},
        ) as b,
    ):
        browser = admin_login(a.url, EDITOR, PASSWORD)
        change = change_url(a.url, browser, RETITLED)
        editor = not_following_redirects(browser)
        for n in range(3):
            title = f"Radiologists and the machine, take {n}"
            done = threading.Event()
            readers = [
                threading.Thread(target=keep_busy, args=(b.url + PAGE, done))
                for _ in range(WORKERS)
            ]
            for reader in readers:
                reader.start()
            try:
                time.sleep(0.3)  # B's workers hold fresh leases on the old page
                status, _, page = submit_form(a.url, change, {"title": title}, editor)
                assert status == 302, errors(page)  # saved (a form error is a 200)
                seen = len(access_log(b))
                with ThreadPoolExecutor(max_workers=8) as pool:
                    answers = list(pool.map(lambda _: fetch(b.url + PAGE), range(20)))
            finally:
                done.set()
                for reader in readers:
                    reader.join(timeout=70)
            stale = [
                headers.get("X-Cache")
                for status, headers, body in answers
                if title not in text(parse(body))
            ]
            assert stale == [], f"publish {n}: {len(stale)} of 20 stale"
        hits = [e for e in access_log(b)[seen:] if e["cache"] == "hit"]
        assert hits, "B served no hit: the test would not notice a stale one"
