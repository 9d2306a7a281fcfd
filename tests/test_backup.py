"""Backup and restore (hkai/backup/): a site backed up with ``backup_site``
and restored with ``restore_site`` into a fresh, migrated database is the same
site, row for row and byte for byte; a database with content is never
overwritten unasked, nor by a damaged archive.

Everything runs as the operator would: ``manage.py`` in subprocesses against
real databases (two SQLite files; or, under ``.ci/with-services``, two new
PostgreSQL databases) and real media folders, then gunicorn on the restored one.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

from .backup_sites import PASSWORDS
from .html import parse
from .servers import (
    EDITOR,
    PASSWORD,
    ROOT,
    _without_services,
    admin_login,
    browser,
    fetch,
    gunicorn,
    sqlite_site,
    try_login,
)

pytestmark = [pytest.mark.slow]


def run(env, *args, check=True):
    """``manage.py`` (or ``-m module``) in a subprocess; the finished process."""
    command = list(args) if args[0] == "-m" else ["manage.py", *args]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "hkai.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def snapshot(env):
    return json.loads(run(env, "-m", "tests.backup_sites", "snapshot").stdout)


def site_env(folder, database_url):
    folder.mkdir(parents=True, exist_ok=True)
    return {
        **_without_services(),
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "HKAI_PAGE_CACHE_STATE_DIR": str(folder / "pagecache"),
    }


@pytest.fixture(scope="module")
def database_urls(tmp_path_factory):
    """``(source, target)`` database URLs: SQLite files, or two new databases
    on the PostgreSQL server of DATABASE_URL (dropped after)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        folder = tmp_path_factory.mktemp("backup-dbs")
        yield None, f"sqlite:///{folder / 'target.sqlite3'}"
        return
    import psycopg

    names = [f"hkai_backup_{uuid.uuid4().hex[:8]}_{role}" for role in ("a", "b")]
    with psycopg.connect(url, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    base = url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def sites(tmp_path_factory, database_urls):
    """A rich site (the demo, the editor, ``backup_sites.enrich``) backed up,
    and restored into a fresh database: ``(source env, target env, archive)``."""
    folder = tmp_path_factory.mktemp("backup")
    source_url, target_url = database_urls
    if source_url is None:  # SQLite: a copy of the test run's demo site
        (folder / "source").mkdir()
        source = sqlite_site(folder / "source")
    else:
        source = site_env(folder / "source", source_url)
        run(source, "migrate", "-v0")
        run(source, "load_demo")
        run(
            {
                **source,
                "DJANGO_SUPERUSER_USERNAME": EDITOR,
                "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
                "DJANGO_SUPERUSER_EMAIL": "editor@example.hk",
            },
            "createsuperuser",
            "--noinput",
        )
    run(source, "-m", "tests.backup_sites", "enrich")
    archive = folder / "site.tar.gz"
    run(source, "backup_site", str(archive))
    target = site_env(folder / "target", target_url)
    run(target, "migrate", "-v0")
    restored = run(target, "restore_site", str(archive))
    assert "Restored" in restored.stdout
    return source, target, archive


@pytest.fixture(scope="module")
def snapshots(sites):
    source, target, _archive = sites
    return snapshot(source), snapshot(target)


def test_every_row_comes_back_with_its_id(snapshots):
    """Articles in every state and language, their revisions, tags (a merged
    one's old address), pages, authors, users and groups: all identical."""
    before, after = snapshots
    rows = before["rows"]
    assert {a["status"] for a in rows["articles.Article"]} >= {
        "draft",
        "review",
        "published",
    }
    assert {a["language"] for a in rows["articles.Article"]} == {"en", "zh-hant"}
    assert len(rows["reversion.Version"]) >= 6 and rows["articles.TagRedirect"]
    assert rows["articles.ArticleRedirect"] and rows["admin.LogEntry"]
    for label, table in rows.items():
        assert after["rows"][label] == table, label
    assert after["rows"].keys() == rows.keys()


def test_every_media_file_comes_back_byte_for_byte(sites, snapshots):
    before, after = snapshots
    assert any(".1600w.webp" in name for name in before["media"])
    assert after["media"] == before["media"]
    source, target, _archive = sites
    for name in before["media"]:
        original = Path(source["DJANGO_MEDIA_ROOT"], name).read_bytes()
        assert Path(target["DJANGO_MEDIA_ROOT"], name).read_bytes() == original


def test_search_finds_the_same_articles(snapshots):
    before, after = snapshots
    assert all(before["search"].values())
    assert after["search"] == before["search"]


@pytest.mark.server
def test_the_restored_site_works_for_its_old_users(
    sites, snapshots, tmp_path, static_root
):
    """Editors and authors sign in with their old passwords; an article's
    revision history opens and shows an old version; search finds it."""
    _source, target, _archive = sites
    before, _after = snapshots
    revised = next(
        a
        for a in before["rows"]["articles.Article"]
        if a["title"].startswith("Revised")
    )
    env = {**target, "DJANGO_STATIC_ROOT": str(static_root)}
    with gunicorn(tmp_path, workers=1, **env) as server:
        editor = admin_login(server.url, "ed", PASSWORDS["ed"])
        admin_login(server.url, "au", PASSWORDS["au"])
        _, _, page = try_login(server.url, "au", "a wrong password", browser())
        assert "Site administration" not in page
        history = f"{server.url}/admin/articles/article/{revised['id']}/history/"
        status, _, page = fetch(history, editor)
        assert status == 200 and "Changed title to Revised once" in page
        links = [a["href"] for a in parse(page).select("#change-history a[href]")]
        assert links, page[:2000]
        status, _, page = fetch(server.url + links[-1], editor)
        assert status == 200 and 'value="Revised once"' in page
        status, _, page = fetch(f"{server.url}/search/?q=lampposts")
        assert status == 200 and "Revised twice: lampposts" in page
        assert "draft about privacy" not in fetch(f"{server.url}/search/?q=privacy")[2]


def test_a_database_with_content_is_not_overwritten(sites, snapshots):
    """Restoring over the source site is refused, saying why, and changes
    nothing; ``--replace`` is what it takes."""
    source, _target, archive = sites
    before, _after = snapshots
    refused = run(source, "restore_site", str(archive), check=False)
    assert refused.returncode != 0
    assert "Nothing was restored: the database is not empty" in refused.stderr
    assert "--replace" in refused.stderr
    assert snapshot(source) == before


def test_a_damaged_archive_is_refused_before_anything_changes(
    sites, snapshots, tmp_path
):
    """One byte of one image changed in transit: the checksums catch it
    before anything changes, even with ``--replace``."""
    source, _target, archive = sites
    before, _after = snapshots
    damaged = tmp_path / "damaged.tar.gz"
    flipped = False
    with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original:
            data = original.extractfile(member).read()
            if member.name.endswith(".jpg") and not flipped:
                data, flipped = data[:-1] + bytes([data[-1] ^ 1]), True
            copy.addfile(member, io.BytesIO(data))
    refused = run(source, "restore_site", "--replace", str(damaged), check=False)
    assert refused.returncode != 0
    assert "cannot be restored: its files differ from its manifest" in refused.stderr
    assert snapshot(source) == before


def test_replace_puts_the_backed_up_site_back(sites, snapshots):
    """``--replace`` over a site that moved on: what was written after the
    backup is gone, from the search index too, and the rest is as it was."""
    source, _target, archive = sites
    before, _after = snapshots
    run(source, "-m", "tests.backup_sites", "write_after")
    assert snapshot(source) != before
    run(source, "restore_site", "--replace", str(archive))
    assert snapshot(source) == before
