"""In-process cost of a page-cache hit, in µs, in both shapes of the site.

    .venv/bin/python bench/hit_cost.py

Calls the project's WSGI application (hkai.wsgi, as gunicorn does) 3,000
times per page, best of three, on a copy of the demo site: first the embedded
default (SQLite, pages and generation in files under the state folder), then,
if redis-server is installed, the production shape's cache (a Redis of its
own on loopback; the database stays SQLite: a hit never touches it). The
first call renders the page (a miss); every timed call must be a hit.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CALLS, ROUNDS = 3000, 3
PAGES = ["/", "/sectors/healthcare/", "/feeds/rss/"]


def measure():
    """In the child: the µs per hit of each page."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")
    from django.test import RequestFactory

    from hkai.wsgi import application

    answers = {}

    def start_response(status, headers):
        answers["cache"] = dict(headers).get("X-Cache")

    for path in PAGES:
        environ = RequestFactory().get(path, HTTP_HOST="localhost").environ
        for _ in range(2):
            b"".join(application(dict(environ), start_response))
        assert answers["cache"] == "hit", (path, answers)
        best = float("inf")
        for _ in range(ROUNDS):
            started = time.perf_counter()
            for _ in range(CALLS):
                application(dict(environ), start_response)
            best = min(best, time.perf_counter() - started)
        assert answers["cache"] == "hit", (path, answers)
        print(f"  {path:24} {best / CALLS * 1e6:6.1f} µs per hit")


def main():
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 40)
    from tests.servers import free_port, sqlite_site, wait_for_port

    folder = Path(tempfile.mkdtemp(prefix="hkai-hit-cost-"))
    try:
        env = sqlite_site(folder, DJANGO_STATIC_ROOT=str(folder / "static"))
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print("embedded default (SQLite, files under the state folder)")
        subprocess.run([sys.executable, __file__, "--child"], env=env, check=True)
        binary = shutil.which("redis-server")
        if binary is None:
            return
        port = free_port()
        redis = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
            + ["--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL,
        )
        try:
            assert wait_for_port(port, redis, seconds=20)
            print("Redis (pages and generation in a Redis on loopback)")
            subprocess.run(
                [sys.executable, __file__, "--child"],
                env={**env, "CACHE_URL": f"redis://127.0.0.1:{port}/0"},
                check=True,
            )
        finally:
            redis.terminate()
            redis.wait(timeout=10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    measure() if sys.argv[1:] == ["--child"] else main()
