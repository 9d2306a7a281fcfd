import itertools
import os
import shutil
import signal
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from sectors.models import Challenge, Sector

from .factories import ArticleFactory, UserFactory
from .servers import ROOT, free_port, wait_for_port


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """The committed .po catalogues built into the .mo files Django reads,
    once, before any test: in locale/, where the servers the tests start in
    subprocesses read them too. A catalogue the command refuses (a fuzzy or
    untranslated entry) stops the run with the command's own message."""
    try:
        call_command("compile_catalogues", verbosity=0)
    except CommandError as error:
        pytest.exit(f"compile_catalogues: {error}", returncode=1)


@pytest.fixture(scope="session")
def _shared_state_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pagecache-state")


@pytest.fixture(scope="session")
def _media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, _shared_state_dir, _media_dir):
    """Plain static storage (no collectstatic needed) and a fast password hasher."""
    settings.MEDIA_ROOT = _media_dir  # uploads (the demo's images) not in var/
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache. The page cache is off except in the
    # tests that are about it (the ``page_cache`` fixture): a test's writes sit
    # in a transaction that never commits, and the cache refreshes on commit.
    settings.PAGE_CACHE_ENABLED = False
    if settings.PAGE_CACHE_STATE_ALIAS != settings.PAGE_CACHE_ALIAS:
        # The embedded default's files shared by workers: the test's own.
        settings.CACHES = {
            **settings.CACHES,
            **{
                alias: {
                    **settings.CACHES[alias],
                    "LOCATION": str(_shared_state_dir / alias),
                }
                for alias in (
                    settings.PAGE_CACHE_STATE_ALIAS,
                    settings.PAGE_CACHE_ALIAS,
                )
            },
        }
    for cache in caches.all():
        cache.clear()
    # Each test starts in English: a request to /zh-hant/… leaves Chinese
    # active in the thread (LocaleMiddleware activates, never resets), and a
    # later reverse() would build Chinese addresses.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def page_cache(settings, django_capture_on_commit_callbacks):
    """The page cache switched on; content changes commit as in production."""
    settings.PAGE_CACHE_ENABLED = True
    return django_capture_on_commit_callbacks


@pytest.fixture
def sectors(db):
    """The five sectors the data migration creates, in display order."""
    return list(Sector.objects.all())


@pytest.fixture
def challenges(db):
    """The three challenges the data migration creates, in display order."""
    return list(Challenge.objects.all())


@pytest.fixture
def many_articles(sectors, challenges):
    """Make ``n`` published articles spread over every sector, challenge and
    a pool of tags, plus a draft and a scheduled one that must stay hidden."""
    return lambda n: spread_articles(n, sectors, challenges)


def spread_articles(n, sectors, challenges):
    """``n`` published articles spread as ``many_articles`` spreads them, plus a
    draft and a scheduled one that must stay hidden; the published ones."""
    sector_cycle = itertools.cycle(sectors)
    challenge_cycle = itertools.cycle([*challenges, None])
    tags = [f"tag {i}" for i in range(7)]
    articles = []
    for i in range(n):
        challenge = next(challenge_cycle)
        articles.append(
            ArticleFactory(
                sectors=[next(sector_cycle)],
                challenges=[challenge] if challenge else [],
                tags=[tags[i % 7], tags[(i + 3) % 7]],
                featured=i % 10 == 0,
            )
        )
    ArticleFactory(draft=True, sectors=sectors, challenges=challenges, tags=tags)
    ArticleFactory(scheduled=True, sectors=sectors, challenges=challenges)
    return articles


@pytest.fixture(scope="module", params=[5, 200], ids=lambda n: f"{n} articles")
def module_articles(request, django_db_setup, django_db_blocker):
    """``spread_articles`` at 5, then at 200, built once for all of a module's
    tests and rolled back when the module (or the size) is done.

    Each test's own transaction (the ``db`` fixture's) nests in this one as a
    savepoint, so a test may still write and be rolled back alone. Only for a
    module whose every test uses it: the data stays until the module ends.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield spread_articles(
            request.param, list(Sector.objects.all()), list(Challenge.objects.all())
        )
        transaction.set_rollback(True)


def _user_in(group_name, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _user_in("Editor", "editor")


@pytest.fixture
def author(db):
    return _user_in("Author", "author")


@pytest.fixture
def other_editor(db):
    return _user_in("Editor", "other-editor")


@pytest.fixture
def other_author(db):
    return _user_in("Author", "other-author")


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as a deployment does, for real servers."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_STATIC_ROOT": str(root)},
        check=True,
    )
    return root


@pytest.fixture
def unreachable_cache(settings):
    """The cache pointed at a Redis that is not there (nothing on port 9)."""
    use_redis(settings, "redis://127.0.0.1:9/0")


@pytest.fixture
def redis_server(tmp_path):
    """A Redis of the test's own on a free loopback port, which the test may
    stop (SIGSTOP: it hangs, as a Redis in trouble does) and resume."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs redis-server: run `.ci/with-services .venv/bin/pytest`")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        if not wait_for_port(port, process, seconds=20):
            pytest.fail("redis-server did not start")
        yield SimpleNamespace(url=f"redis://127.0.0.1:{port}/0", process=process)
    finally:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


def use_redis(settings, url, **options):
    """Point the page cache (pages and generation) at the Redis at ``url``."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                **options,
            },
        }
    }
    settings.PAGE_CACHE_ALIAS = settings.PAGE_CACHE_STATE_ALIAS = "default"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, static_root):
    """The README's shape of the site (gunicorn, SQLite, the demo content,
    collected static files), started once for the quality checks that only
    read pages (the Nu Html Checker, Lighthouse), whichever of them run."""
    from .servers import gunicorn, sqlite_site

    tmp_path = tmp_path_factory.mktemp("demo-site")
    env = sqlite_site(tmp_path, DJANGO_STATIC_ROOT=str(static_root))
    with gunicorn(tmp_path, workers=1, **env) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless (tests/browsers.py), for a module's tests."""
    from playwright import sync_api

    from .browsers import CHROMIUM, FLAGS

    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()
