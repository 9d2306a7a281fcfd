"""Running in production: health check, outages, logs, deploy checks, gunicorn."""

import json
import os
import runpy
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from .servers import ROOT, fetch, free_port, gunicorn

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "observatory.example.hk",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://observatory.example.hk",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    "DJANGO_SESSION_COOKIE_SECURE": "1",
    "DJANGO_CSRF_COOKIE_SECURE": "1",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
}


def test_health_check_is_200_when_all_is_well(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_health_check_is_503_when_the_cache_is_unreachable(
    client, db, unreachable_cache
):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }


@pytest.mark.server
def test_database_outage_is_a_friendly_503_and_recovers_by_itself(
    tmp_path, static_root
):
    """The database file's folder does not exist yet: SQLite cannot open it,
    exactly as when a database server is stopped. Then it comes back."""
    database = tmp_path / "not-yet" / "db.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_URL": "locmemcache://outage",
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    with gunicorn(tmp_path, **env) as server:
        status, _, body = fetch(server.url + "/healthz")
        assert status == 503
        assert json.loads(body) == {
            "status": "unavailable",
            "database": "unavailable",
            "cache": "ok",
        }
        status, headers, page = fetch(server.url + "/sectors/")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Back in a moment" in page and "Traceback" not in page
        assert str(database) not in page + body  # no internal detail

        # The database returns: the very next requests succeed.
        database.parent.mkdir()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
        )
        assert fetch(server.url + "/healthz")[0] == 200
        status, _, page = fetch(server.url + "/sectors/")
        assert status == 200 and "Healthcare" in page

    # Read once the server has stopped, so every line has been written.
    log = [json.loads(line) for line in server.output().splitlines()]
    access = [entry for entry in log if entry["logger"] == "gunicorn.access"]
    assert [e["status"] for e in access if e["path"] == "/sectors/"] == [503, 200]
    errors = [entry for entry in log if entry["level"] == "ERROR"]
    assert any(e.get("path") == "/sectors/" and "exception" in e for e in errors)


@pytest.mark.server
def test_unreachable_postgres_is_a_503_too(tmp_path, static_root):
    closed_port = free_port()  # nothing listens there
    env = {
        "DATABASE_URL": f"postgres://hkai@127.0.0.1:{closed_port}/hkai",
        "CACHE_URL": "locmemcache://outage",
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    with gunicorn(tmp_path, **env) as server:
        assert fetch(server.url + "/healthz")[0] == 503
        status, _, page = fetch(server.url + "/")
        assert status == 503 and "Back in a moment" in page


def check_deploy(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_passes_with_the_documented_production_settings():
    result = check_deploy(**PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_a_missing_production_setting():
    env = {**PRODUCTION_ENV, "DJANGO_SECURE_HSTS_SECONDS": "0"}
    result = check_deploy(**env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_documented_production_settings_are_in_the_deployment_guide():
    guide = (ROOT / "docs" / "deployment.md").read_text()
    for name in PRODUCTION_ENV:
        assert f"`{name}`" in guide, name


def load_gunicorn_config(**env):
    old = dict(os.environ)
    os.environ.update(env)
    try:
        return runpy.run_path(str(ROOT / "hkai" / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_gunicorn_workers_follow_the_cpu_count_unless_overridden(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    config = load_gunicorn_config()
    assert config["workers"] == os.cpu_count() * 2 + 1
    assert load_gunicorn_config(GUNICORN_WORKERS="3")["workers"] == 3
    assert config["timeout"] == 30 and config["graceful_timeout"] == 30
    assert config["accesslog"] == "-"
