"""Settings: safe defaults, and loud failure where a default would be unsafe."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "CACHE_URL")
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import hkai.settings as s;"
            "print(s.DEBUG, s.DATABASES['default']['ENGINE'],"
            " s.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_and_sqlite_and_local_memory_are_the_defaults():
    result = load_settings(DJANGO_SECRET_KEY="k")
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_postgres_and_redis_come_from_urls():
    result = load_settings(
        DJANGO_SECRET_KEY="k",
        DATABASE_URL="postgres://u:p@db.internal:5432/hkai",
        CACHE_URL="redis://cache.internal:6379/1",
    )
    assert result.stdout.split()[1:] == [
        "django.db.backends.postgresql",
        "django_redis.cache.RedisCache",
    ]


def test_debug_must_be_asked_for():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0
    assert result.stdout.split()[0] == "True"
