"""What an editor publishes, every reader sees at once, on every worker.

The README's run configuration (the project's gunicorn config, several
workers, no Redis: the embedded default), and the production shape
(PostgreSQL + Redis, where the suite runs on them): pages and feeds are
warmed on every worker, an editor publishes a draft and retitles a live
article through the admin, and every one of many anonymous requests, whichever
worker answers, shows both changes.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from .html import parse, text
from .servers import (
    EDITOR,
    PASSWORD,
    access_log,
    admin_login,
    change_url,
    fetch,
    gunicorn,
    sqlite_site,
    submit_form,
)

pytestmark = pytest.mark.server

WORKERS = 3
PAGES = ["/", "/sectors/healthcare/", "/articles/", "/feeds/rss/"]
RETITLED = "medical-imaging-ai-radiology"  # live: on all four pages
DRAFT = "ai-literacy-adult-learners"  # a draft the editor publishes


def production_available():
    return os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get(
        "CACHE_URL", ""
    ).startswith("redis")


def production_site(settings):
    """PostgreSQL + Redis: the test database, committed (the test's marker),
    shared with the servers."""
    from django.contrib.auth import get_user_model

    call_command("load_demo", verbosity=0)
    get_user_model().objects.create_superuser(EDITOR, "editor@example.hk", PASSWORD)
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:"
        f"{db['PORT']}/{db['NAME']}",
        "HKAI_CACHE_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
    }


@pytest.fixture(
    params=[
        "embedded",
        pytest.param(
            "production",
            # Committed data the servers can see; the seeded topics come back.
            marks=pytest.mark.django_db(transaction=True, serialized_rollback=True),
        ),
    ]
)
def site_env(request, tmp_path, settings, static_root):
    # The servers check passwords with Django's real hashers, not the test's.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    if request.param == "embedded":
        env = sqlite_site(tmp_path)
    elif production_available():
        env = production_site(settings)
    else:
        pytest.skip("needs PostgreSQL and Redis: run `.ci/with-services`")
    return {
        **env,
        "DJANGO_STATIC_ROOT": str(static_root),
        "HKAI_PAGE_CACHE": "1",
        "GUNICORN_WORKERS": str(WORKERS),
    }


def fetch_together(url, times):
    """``times`` requests, eight at a time, so that every worker takes some."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _: fetch(url), range(times)))


def warm_every_worker(server):
    """Request each page until every worker has served it from its cache."""
    for path in PAGES:
        for _ in range(20):  # at most 20 × 16 requests
            assert all(
                status == 200 for status, _, _ in fetch_together(server.url + path, 16)
            )
            hits = {
                entry["worker"]
                for entry in access_log(server)
                if entry["path"] == path and entry["cache"] == "hit"
            }
            if len(hits) == WORKERS:
                break
        else:
            pytest.fail(f"{path} was not cached by every worker: {hits}")


def test_a_publish_is_seen_by_every_reader_on_every_worker(site_env, tmp_path):
    with gunicorn(tmp_path, workers=WORKERS, **site_env) as server:
        warm_every_worker(server)
        _, _, before = fetch(server.url + "/sectors/healthcare/")
        assert "Radiologists and the machine" not in before

        browser = admin_login(server.url, EDITOR, PASSWORD)
        status, _, page = submit_form(
            server.url,
            change_url(server.url, browser, RETITLED),
            {"title": "Radiologists and the machine"},
            browser,
        )
        assert status == 200 and "was changed successfully" in page, errors(page)
        status, _, page = submit_form(
            server.url,
            change_url(server.url, browser, DRAFT),
            {"status": "published", "published_at_0": "", "published_at_1": ""},
            browser,
        )
        assert status == 200 and "was changed successfully" in page, errors(page)

        seen = len(access_log(server))
        for path in PAGES:
            for status, headers, body in fetch_together(server.url + path, 24):
                assert status == 200
                shown = text(parse(body)) if "feed" not in path else body
                assert "Radiologists and the machine" in shown, (path, headers)
                if path != "/sectors/healthcare/":  # the draft is about schools
                    assert "adult learners" in shown.lower(), (path, headers)
        answered = {
            e["worker"] for e in access_log(server)[seen:] if e["path"] in PAGES
        }
        assert len(answered) == WORKERS  # every worker answered, none was stale


def errors(page):
    """The form errors an admin page shows, for a failing assertion."""
    return [text(e) for e in parse(page).select(".errorlist, .errornote")]
