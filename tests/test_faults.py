"""Failing parts, on real servers: what readers and editors get, and recovery.

Each test starts gunicorn (hkai/gunicorn.conf.py) on 127.0.0.1 and breaks one
part under it for real: the database (SQLite moved away; a PostgreSQL cluster
of the test's own, stopped), Redis (stopped; frozen with SIGSTOP), a worker
(SIGKILL under load), the disk (a full tmpfs as the media folder). Readers
get a 503 that does not blame them, or the page uncached; the site recovers
without a restart. Every wait is bounded. The database outage that is not yet
there, and a Redis that hangs inside one process, are in test_operations.py
and test_cache_outage.py.
"""

import contextlib
import http.client
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .html import form_fields, parse, text
from .servers import (
    EDITOR,
    PASSWORD,
    ROOT,
    admin_login,
    change_url,
    fetch,
    free_port,
    gunicorn,
    sqlite_site,
    wait_for_port,
)

pytestmark = [pytest.mark.server, pytest.mark.slow]

PAGE = "/sectors/healthcare/"


def assert_friendly_503(server, secret):
    """/healthz and a page say "unavailable", the page kindly, nothing internal."""
    status, _, body = fetch(server.url + "/healthz")
    assert status == 503 and json.loads(body)["database"] == "unavailable"
    status, headers, page = fetch(server.url + "/articles/")  # not cached yet
    assert status == 503 and headers["Retry-After"] == "30"
    shown = text(parse(page))
    assert "Back in a moment" in shown and "Nothing is lost" in shown
    # The reader did nothing wrong: no error of theirs, nothing internal.
    for blame in ("your request", "invalid", "not found", "Traceback", secret):
        assert blame not in page, blame


def assert_recovered(server):
    assert fetch(server.url + "/healthz")[0] == 200
    status, _, page = fetch(server.url + "/sectors/")
    assert status == 200 and "Healthcare" in page


# 1. The database stops and comes back -------------------------------------


def test_sqlite_moved_away_and_back_is_a_503_then_recovers(tmp_path, static_root):
    """The database's folder is moved away (a lost mount, a restore in
    progress): SQLite cannot open the file, and may not create an empty one."""
    data = tmp_path / "data"
    data.mkdir()
    env = sqlite_site(
        data,
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        HKAI_PAGE_CACHE_STATE_DIR=str(tmp_path / "pagecache"),
    )
    with gunicorn(tmp_path, workers=1, **env) as server:
        assert fetch(server.url + PAGE)[0] == 200
        data.rename(tmp_path / "away")
        assert_friendly_503(server, secret=str(data))
        assert fetch(server.url + PAGE)[0] == 200  # cached pages are still served
        (tmp_path / "away").rename(data)
        assert_recovered(server)  # the same gunicorn, the same workers


class PostgresCluster:
    """A PostgreSQL cluster of the test's own (initdb, pg_ctl) on a free
    loopback port, in a temporary folder, as .ci/with-services makes one."""

    def __init__(self):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found:
            pytest.skip("needs PostgreSQL's initdb and pg_ctl (Debian: postgresql)")
        self.bin = found[-1].parent
        self.port = free_port()
        # PostgreSQL refuses to run as root: as its own system user, then, in a
        # folder it owns (pytest's tmp_path is closed to other users).
        self.dir = Path(tempfile.mkdtemp(prefix="hkai-pg-"))
        self.as_pg = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgres://hkai@127.0.0.1:{self.port}/hkai"

    def run(self, program, *args):
        subprocess.run(
            [*self.as_pg, str(self.bin / program), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def create(self):
        data = str(self.dir / "pg")
        self.run("initdb", "-D", data, "-U", "hkai", "--auth=trust", "-E", "UTF8")
        self.start()
        self.run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "hkai", "hkai"
        )

    def start(self):
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off"
        log = str(self.dir / "pg.log")
        self.run(
            "pg_ctl",
            "-D",
            str(self.dir / "pg"),
            "-l",
            log,
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self):
        self.run("pg_ctl", "-D", str(self.dir / "pg"), "-m", "fast", "-w", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.SubprocessError):
            self.run("pg_ctl", "-D", str(self.dir / "pg"), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def postgres():
    cluster = PostgresCluster()
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.remove()


def test_postgres_stopped_and_started_is_a_503_then_recovers(
    tmp_path, static_root, postgres
):
    env = {
        "DATABASE_URL": postgres.url,
        "CACHE_URL": "locmemcache://pg-outage",
        "HKAI_PAGE_CACHE_STATE_DIR": str(tmp_path / "pagecache"),
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        timeout=120,
    )
    with gunicorn(tmp_path, workers=1, **env) as server:
        assert_recovered(server)
        postgres.stop()
        assert_friendly_503(server, secret=str(postgres.port))
        assert fetch(server.url + "/sectors/")[0] == 200  # cached: still served
        postgres.start()
        assert_recovered(server)


# 2, 3. Redis stops, or freezes ----------------------------------------------


class Redis:
    """A redis-server of the test's own on a fixed loopback port, which the
    test may stop, start again (empty, on the same port), or freeze."""

    def __init__(self, folder):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("needs redis-server (Debian: redis-server)")
        self.port, self.folder, self.process = free_port(), folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        assert wait_for_port(self.port, self.process, seconds=20)

    def stop(self):
        self.process.send_signal(signal.SIGCONT)  # a frozen one cannot exit
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis(tmp_path):
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


def redis_site(tmp_path, static_root, redis):
    return sqlite_site(
        tmp_path,
        CACHE_URL=redis.url,
        DJANGO_STATIC_ROOT=str(static_root),
        HKAI_PAGE_CACHE_RETRY_SECONDS="0.5",
    )


# A worker trusts the generation it read for the lease (PAGE_CACHE_LEASE_MS,
# 50 ms), hits included, even if Redis has just gone: no publish can have
# answered in that time (hkai/pagecache/core.py). Past it, Redis is asked.
LEASE = 0.1


def cached(server, path=PAGE):
    """Request ``path`` twice: True when the second answer came from the cache."""
    fetch(server.url + path)
    status, headers, _ = fetch(server.url + path)
    assert status == 200
    return headers.get("X-Cache") == "hit"


def test_redis_stopped_pages_are_served_uncached_then_cached_again(
    tmp_path, static_root, redis
):
    with gunicorn(
        tmp_path, workers=1, **redis_site(tmp_path, static_root, redis)
    ) as server:
        assert cached(server)
        redis.stop()
        time.sleep(LEASE)
        for _ in range(5):
            status, headers, page = fetch(server.url + PAGE)
            assert status == 200 and "Healthcare" in page
            assert headers.get("X-Cache") != "hit"  # served, uncached
        assert fetch(server.url + "/healthz")[0] == 503

        redis.start()  # empty, on the same port
        deadline = time.monotonic() + 5
        while not cached(server):
            assert time.monotonic() < deadline, "the cache did not resume"
            time.sleep(0.2)
        assert fetch(server.url + "/healthz")[0] == 200


def test_redis_frozen_every_request_is_answered_within_a_second(
    tmp_path, static_root, redis
):
    """SIGSTOP: Redis's port still accepts connections and never answers.
    A behaviour bound, not a benchmark: each request under a second."""
    env = redis_site(tmp_path, static_root, redis)
    paths = [PAGE, "/", "/articles/", "/feeds/rss/", "/search/?q=ai", "/healthz"]
    with gunicorn(tmp_path, workers=1, **env) as server:
        assert all(cached(server, path) for path in paths[:4])
        redis.process.send_signal(signal.SIGSTOP)
        time.sleep(LEASE)
        try:
            for path in paths * 3:
                started = time.monotonic()
                status, headers, _ = fetch(server.url + path)
                took = time.monotonic() - started
                assert took < 1, f"{path} took {took:.2f} s"
                assert status == (503 if path == "/healthz" else 200), path
                assert headers.get("X-Cache") != "hit", path
        finally:
            redis.process.send_signal(signal.SIGCONT)


# 4. A worker killed under load ----------------------------------------------


def workers_of(server):
    """The worker processes' ids (the master's children)."""
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


def test_a_worker_killed_under_load_costs_at_most_its_request(tmp_path, static_root):
    env = sqlite_site(tmp_path, DJANGO_STATIC_ROOT=str(static_root))
    paths = [PAGE, "/", "/articles/", "/search/?q=ai", "/search/?q=ai&page=2"]
    total, kill_after = 120, 40
    done = []

    def get(i):
        try:
            status = fetch(server.url + paths[i % len(paths)])[0]
        except (OSError, http.client.HTTPException):  # reset, or cut short
            status = None
        done.append(status)
        return status

    with gunicorn(tmp_path, workers=3, **env) as server:
        deadline = time.monotonic() + 10
        while len(workers_of(server)) < 3:
            assert time.monotonic() < deadline, "gunicorn did not start 3 workers"
            time.sleep(0.1)
        before = workers_of(server)
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = pool.map(get, range(total), timeout=60)
            deadline = time.monotonic() + 30
            while len(done) < kill_after:
                assert time.monotonic() < deadline, "the load did not get going"
                time.sleep(0.01)
            victim = min(before)
            os.kill(victim, signal.SIGKILL)
            answers = list(answers)
        # Sync workers: one request in flight each; queued connections wait
        # in the shared listening socket, not on a worker.
        assert sum(status != 200 for status in answers) <= 1, answers

        deadline = time.monotonic() + 15
        while len(workers_of(server) - {victim}) < 3:
            assert time.monotonic() < deadline, "the worker was not replaced"
            time.sleep(0.1)
        assert victim not in workers_of(server)
        with ThreadPoolExecutor(max_workers=8) as pool:
            later = list(pool.map(get, range(48), timeout=60))
        assert later == [200] * 48


# 5. A full disk when an editor uploads an image -----------------------------


@pytest.fixture
def full_disk(tmp_path):
    """A 1 MB tmpfs, filled to the last byte: a media folder on a full disk.
    A real file system (not an injected error), and the one way that works
    for every process writing there; needs root's mount (CI runs as root)."""
    mount = tmp_path / "media"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {result.stderr.strip()}")
    filler = mount / "filler"
    try:
        with open(filler, "wb") as out, contextlib.suppress(OSError):
            for _ in range(1024):  # bounded: 1 MB in 1 KB blocks, then ENOSPC
                out.write(b"\0" * 1024)
                out.flush()
        yield mount, filler
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def noise_png():
    """A PNG that does not compress: about 190 KB."""
    from PIL import Image

    image = Image.frombytes("RGB", (250, 250), os.urandom(250 * 250 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def submit_with_file(base, path, page, changes, upload, opener):
    """Submit the admin form on ``page`` (from ``path``) as a browser does
    (multipart), with ``changes`` and the file ``upload`` = (field, name, bytes)."""
    form = parse(page).find("form", id="article_form")
    fields = [(n, v) for n, v in form_fields(form) if n not in changes]
    fields += list(changes.items())
    boundary = uuid.uuid4().hex
    head = f"--{boundary}\r\nContent-Disposition: form-data; "
    parts = [f'{head}name="{n}"\r\n\r\n{v}\r\n'.encode() for n, v in fields]
    field, name, content = upload
    parts.append(
        f'{head}name="{field}"; filename="{name}"\r\n'.encode()
        + b"Content-Type: image/png\r\n\r\n"
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Referer": base + path,
    }
    return fetch(base + path, opener, body, headers)


def test_a_full_disk_refuses_an_upload_clearly_and_keeps_everything_else(
    tmp_path, static_root, full_disk
):
    media, filler = full_disk
    site = tmp_path / "site"
    site.mkdir()
    env = sqlite_site(site, DJANGO_STATIC_ROOT=str(static_root))
    shutil.rmtree(env["DJANGO_MEDIA_ROOT"])
    env["DJANGO_MEDIA_ROOT"] = str(media)
    slug = "medical-imaging-ai-radiology"
    database = site / "db.sqlite3"

    def row():
        with contextlib.closing(sqlite3.connect(database)) as db:
            return db.execute(
                "SELECT title, hero_image FROM articles_article WHERE slug = ?", (slug,)
            ).fetchone()

    title_before, image_before = row()
    changes = {"title": "Kept while the disk was full", "hero_alt": "Noise"}
    upload = ("hero_image", "scan.png", noise_png())
    with gunicorn(tmp_path, workers=1, **env) as server:
        browser = admin_login(server.url, EDITOR, PASSWORD)
        change = change_url(server.url, browser, slug)
        _, _, page = fetch(server.url + change, browser)
        status, _, page = submit_with_file(
            server.url, change, page, changes, upload, browser
        )

        assert status == 200, page[:2000]
        form = parse(page).find("form", id="article_form")
        errors = text(form.select_one(".field-hero_image .errorlist"))
        assert "could not be stored" in errors and "disk may be full" in errors
        # The editor's text is in the form again; nothing was saved.
        assert form.find("input", attrs={"name": "title"})["value"] == changes["title"]
        assert row() == (title_before, image_before)
        assert sorted(p.name for p in media.rglob("*") if p.is_file()) == ["filler"]

        # Room again: the form as it came back saves (the editor attaches the
        # image again), and the row names a file that is there.
        filler.unlink()
        status, _, page = submit_with_file(
            server.url, change, page, changes, upload, browser
        )
        assert status == 200 and "was changed successfully" in page, page[:2000]
        title, image = row()
        assert title == changes["title"] and (media / image).stat().st_size > 0
