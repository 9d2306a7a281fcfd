"""Two app servers, one PostgreSQL, one Redis: a publish on one is seen on the
other at once. Runs where the suite runs on PostgreSQL + Redis (`.ci/run`)."""

import os
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from sectors.models import Sector

from .factories import ArticleFactory, UserFactory
from .servers import admin_login, fetch, gunicorn, post_form

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not (
            os.environ.get("DATABASE_URL", "").startswith("postgres")
            and os.environ.get("CACHE_URL", "").startswith("redis")
        ),
        reason="needs PostgreSQL and Redis: run `.ci/with-services .venv/bin/pytest`",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url():
    """The test database this process uses, for the servers to share."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_a_publish_on_one_server_shows_on_the_other_at_once(
    tmp_path, settings, static_root
):
    # The servers check passwords with Django's real hashers, not the test's.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    sector = Sector.objects.get(slug="healthcare")
    ArticleFactory(title="Older story", sectors=[sector])
    editor = UserFactory(username="multi-editor", is_staff=True)
    editor.set_password("a long enough password 42")
    editor.save()
    editor.groups.add(Group.objects.get(name="Editor"))

    shared = {
        "DATABASE_URL": database_url(),
        "CACHE_URL": os.environ["CACHE_URL"],
        "HKAI_CACHE_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "HKAI_PAGE_CACHE": "1",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    paths = [sector.get_absolute_url(), f"{sector.get_absolute_url()}feed/"]
    with (
        gunicorn(tmp_path, workers=2, **shared) as a,
        gunicorn(tmp_path, workers=2, **shared) as b,
    ):
        # Warm both servers; the second look is a hit from the shared cache.
        for server in (a, b):
            for path in paths:
                status, _, body = fetch(server.url + path)
                assert status == 200 and "Older story" in body
        for server in (a, b):
            for path in paths:
                status, headers, _ = fetch(server.url + path)
                assert headers["X-Cache"] == "hit", (server.url, path)

        # Publish through server A's admin.
        browser = admin_login(a.url, "multi-editor", "a long enough password 42")
        status, _, page = post_form(
            a.url,
            "/admin/articles/article/add/",
            {
                "title": "Breaking: clinics adopt AI triage",
                "slug": "clinics-adopt-ai-triage",
                "language": "en",
                "summary": "Published on server A.",
                "body": "Seen on server B at once.",
                "tags": "triage",
                "sectors": [sector.pk],
                "author": editor.pk,
                "status": "published",
                "published_at_0": "2026-01-01",
                "published_at_1": "09:00:00",
            },
            browser,
        )
        assert status == 200 and "was added successfully" in page, page[:3000]

        # Server B's very next requests show it.
        for path in paths:
            status, headers, body = fetch(b.url + path)
            assert status == 200
            assert headers["X-Cache"] == "miss"
            assert re.search("Breaking: clinics adopt AI triage", body), path
