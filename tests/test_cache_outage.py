"""A cache in trouble: the site fails open and fast, and never stays stale.

A Redis that hangs (a socket that accepts and never answers, or a real Redis
stopped with SIGSTOP) must cost at most one short timeout, then the site
serves uncached; a change made while the cache could not be told must be
seen as soon as the cache answers again: at once by the process that made it
or noticed the outage, within ``PAGE_CACHE_VERIFY_SECONDS`` by every other
(docs/deployment.md).
"""

import signal
import socket
import threading
import time

import pytest
import redis
from django.urls import reverse

from articles.models import Article

from .conftest import use_redis
from .factories import ArticleFactory
from .servers import (
    EDITOR,
    PASSWORD,
    admin_login,
    change_url,
    fetch,
    gunicorn,
    sqlite_site,
    submit_form,
)

pytestmark = pytest.mark.django_db


class BlackHole:
    """A TCP server that accepts connections and never answers: a Redis that
    hangs. Counts the connections it was offered."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.socket.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hanging_cache(settings):
    hole = BlackHole()
    use_redis(settings, f"redis://127.0.0.1:{hole.port}/0")
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_RETRY_SECONDS = 60
    yield hole
    hole.close()


def test_a_cache_that_hangs_costs_one_timeout_then_is_left_alone(client, hanging_cache):
    ArticleFactory(title="Still readable")
    for _ in range(10):
        response = client.get(reverse("home"))
        assert response.status_code == 200
        assert "Still readable" in response.content.decode()
        assert "X-Cache" not in response  # served, uncached
    # One request found out; the nine after it did not wait on the cache.
    assert len(hanging_cache.connections) == 1


def test_health_check_reports_a_hanging_cache_instead_of_hanging(client, hanging_cache):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_a_change_made_while_redis_hangs_is_seen_when_it_answers_again(
    client, page_cache, settings, redis_server, sectors
):
    use_redis(settings, redis_server.url)
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_RETRY_SECONDS = 0.3
    with page_cache(execute=True):
        live = ArticleFactory(
            title="Before the outage", summary="Lamp posts.", sectors=[sectors[0]]
        )
    url = sectors[0].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    redis_server.process.send_signal(signal.SIGSTOP)
    with page_cache(execute=True):
        live.title = "Retracted during the outage"
        live.save()  # the new generation cannot be written
    during = client.get(url)
    assert "Retracted during the outage" in during.content.decode()
    redis_server.process.send_signal(signal.SIGCONT)

    time.sleep(0.4)  # past PAGE_CACHE_RETRY_SECONDS: the cache is tried again
    for _ in range(3):
        after = client.get(url)
        assert "Retracted during the outage" in after.content.decode()
        assert "Before the outage" not in after.content.decode()
    assert after["X-Cache"] == "hit"  # cached again, and fresh


def test_a_full_redis_that_refuses_writes_never_serves_a_retracted_article(
    client, page_cache, settings, redis_server, sectors
):
    """Redis under ``noeviction`` at its memory limit still answers reads but
    refuses writes: the new generation cannot be written. Pages must not be
    served from the old one."""
    use_redis(settings, redis_server.url)
    settings.PAGE_CACHE_ENABLED = True
    with page_cache(execute=True):
        live = ArticleFactory(title="Soon retracted", summary="Lamp posts.")
    url = reverse("articles:list")
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    full = redis.Redis.from_url(redis_server.url)
    full.config_set("maxmemory-policy", "noeviction")
    full.config_set("maxmemory", 1)  # every write is refused from now on
    with page_cache(execute=True):
        Article.objects.filter(pk=live.pk).unpublish()
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        assert "Soon retracted" not in response.content.decode()

    full.config_set("maxmemory", 0)  # room again
    settings.PAGE_CACHE_RETRY_SECONDS = 0
    client.get(url)
    response = client.get(url)
    assert response["X-Cache"] == "hit"
    assert "Soon retracted" not in response.content.decode()


@pytest.mark.server
def test_another_server_sees_a_missed_change_within_the_stated_bound(
    tmp_path, settings, static_root, redis_server
):
    """Two servers share a database and a Redis. Redis hangs while an editor
    edits on server A; when it answers again, server B, which noticed
    nothing, serves the change within PAGE_CACHE_VERIFY_SECONDS."""
    verify_seconds = 1.0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    env = sqlite_site(
        tmp_path,
        CACHE_URL=redis_server.url,
        DJANGO_STATIC_ROOT=str(static_root),
        HKAI_PAGE_CACHE_VERIFY_SECONDS=str(verify_seconds),
        HKAI_PAGE_CACHE_RETRY_SECONDS="0.5",
    )
    path = "/sectors/healthcare/"
    with (
        gunicorn(tmp_path, workers=1, **env) as a,
        gunicorn(tmp_path, workers=1, **env) as b,
    ):
        for server in (a, b, b):
            status, _, _ = fetch(server.url + path)
            assert status == 200
        assert fetch(b.url + path)[1]["X-Cache"] == "hit"

        browser = admin_login(a.url, EDITOR, PASSWORD)
        change = change_url(a.url, browser, "medical-imaging-ai-radiology")
        redis_server.process.send_signal(signal.SIGSTOP)
        status, _, page = submit_form(
            a.url, change, {"title": "Corrected while Redis hung"}, browser
        )
        assert status == 200 and "was changed successfully" in page
        redis_server.process.send_signal(signal.SIGCONT)
        resumed = time.monotonic()

        assert "Corrected while Redis hung" in fetch(a.url + path)[2]
        while "Corrected while Redis hung" not in fetch(b.url + path)[2]:
            assert time.monotonic() - resumed < verify_seconds + 2, "stale too long"
            time.sleep(0.1)
        for _ in range(5):
            assert "Corrected while Redis hung" in fetch(b.url + path)[2]
