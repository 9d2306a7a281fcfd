"""Load-test the site against a one-view Django app, in the same run.

    .ci/with-services .venv/bin/python bench/run.py      # PostgreSQL + Redis
    .venv/bin/python bench/run.py                        # SQLite + local memory

Starts, on loopback only: the site under the project's gunicorn config with
the page cache on, the same with it off, and bench/hello.py (the framework's
ceiling) with the same config and worker count. Each target gets a bounded
wrk run (``BENCH_SECONDS``, default 10 s; 2 threads, 16 connections). Prints a
Markdown table of req/s, p50 and p99, and each result as a ratio of the
ceiling's req/s. Needs wrk (Debian package ``wrk``; installed if missing).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, wait_for_port  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
PAGES = {
    name: path
    for name, path in {
        "home": "/",
        "sector": "/sectors/healthcare/",
        "challenge": "/challenges/data-privacy/",
        "explore": "/explore/",
        "article": "/articles/generative-ai-classrooms-exam-season/",
        "site feed": "/feeds/rss/",
    }.items()
    if name in os.environ.get("BENCH_PAGES", name)
}


def ensure_wrk():
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start(env, app, log):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "hkai/gunicorn.conf.py", app],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    if not wait_for_port(port, process):
        raise SystemExit(f"{app} did not start")
    return process, f"http://127.0.0.1:{port}"


def wrk(url):
    """req/s, p50 ms, p99 ms of one bounded wrk run."""
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=SECONDS + 30,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered errors under load:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, _percentile(out, "50"), _percentile(out, "99")


def _percentile(out, which):
    found = re.search(rf"^\s*{which}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    if found is None:
        raise SystemExit(f"no {which}th percentile in wrk's output:\n{out}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def main():
    ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="hkai-bench-"))
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_ACCESS_LOG": "0",  # the same for every server measured
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'db.sqlite3'}")
    # Without CACHE_URL: the embedded default, its shared generation in tmp.
    env.setdefault("HKAI_PAGE_CACHE_STATE_DIR", str(tmp / "pagecache"))
    env.setdefault("DJANGO_CONN_MAX_AGE", "60")
    manage(env, "migrate", "-v0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0")

    servers = []
    with open(tmp / "servers.log", "w") as log:
        try:
            ceiling_proc, ceiling = start(env, "bench.hello:application", log)
            cached_proc, cached = start(env, "hkai.wsgi", log)
            no_cache = {**env, "HKAI_PAGE_CACHE": "0"}
            uncached_proc, uncached = start(no_cache, "hkai.wsgi", log)
            servers = [ceiling_proc, cached_proc, uncached_proc]
            workers = env.get("GUNICORN_WORKERS", f"{(os.cpu_count() or 1) * 2 + 1}")
            rows = []
            for name, path in PAGES.items():
                wrk(cached + path)  # warm every worker's connections and the cache
                # The ceiling is measured next to each page, so that drift in
                # the machine's speed during the run cancels out of the ratio.
                top = wrk(ceiling + "/")
                rows.append(("hello world (ceiling)", "", top, *top))
                rows.append((name, "cached", top, *wrk(cached + path)))
                rows.append((name, "uncached", top, *wrk(uncached + path)))
        finally:
            for process in servers:
                process.terminate()
                process.wait(timeout=30)
    shutil.rmtree(tmp, ignore_errors=True)

    database = env["DATABASE_URL"].split(":", 1)[0]
    cache = os.environ.get("CACHE_URL", "locmem").split(":", 1)[0]
    print(f"\n{database} + {cache}, {workers} gunicorn workers, {os.cpu_count()} CPUs,")
    print(f"wrk -t2 -c16 -d{SECONDS}s per row\n")
    print("| page | page cache | req/s | p50 ms | p99 ms | × ceiling |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, mode, top, rps, p50, p99 in rows:
        ratio = rps / top[0]
        print(f"| {name} | {mode} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
