"""Soak: a minute at 64 connections on a mix of cached and uncached pages.

    .venv/bin/python bench/soak.py                        # SQLite + embedded cache
    .ci/with-services .venv/bin/python bench/soak.py      # PostgreSQL + Redis

Starts, on loopback only, the site under hkai/gunicorn.conf.py (its worker
count, the page cache on) with the demo content and ``SOAK_ARTICLES``
generated articles (default 2,000), warms it for ``SOAK_WARMUP`` seconds
(default 15), then runs wrk for ``SOAK_SECONDS`` (default 60) at 64
connections. wrk's Lua script (bench/soak.lua) turns over home, a sector, an
article and the site feed (served from the page cache) and uncached requests:
a search whose words change with every request, and list pages ``?page=N``
walked across the archive. Reports requests, errors (non-2xx/3xx answers and
socket errors: there must be none), latency percentiles, and each worker's
resident memory after the warm-up and at the end (growth must stay under
10 %). Exits non-zero when either bound is broken.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import ensure_wrk, manage, start  # noqa: E402
from tests.servers import fetch  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
WARMUP = int(os.environ.get("SOAK_WARMUP", "15"))
ARTICLES = int(os.environ.get("SOAK_ARTICLES", "2000"))
CONNECTIONS = 64
SCRIPT = ROOT / "bench" / "soak.lua"
MAX_GROWTH = 0.10


def workers(master):
    """Worker pid -> resident memory in MB (VmRSS), for the master's children."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    rss = {}
    for pid in map(int, children):
        status = Path(f"/proc/{pid}/status").read_text()
        rss[pid] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
    return rss


def wrk(url, seconds, pages):
    """wrk's report of one bounded run of the mix."""
    return subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
        + ["--latency", "-s", str(SCRIPT), url, "--", str(pages)],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout


def figures(out):
    """Requests, errors, req/s and latency percentiles (ms) from wrk's report."""
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    latency = {
        p: _ms(*re.search(rf"^\s*{p}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M).groups())
        for p in ("50", "75", "90", "99")
    }
    return {
        "requests": requests,
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "latency": latency,
    }


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def list_pages(url):
    """How many pages the article list has (a page past the last is a 404):
    found by doubling, then halving, in a bounded number of requests."""

    def exists(n):
        return fetch(f"{url}/articles/?page={n}")[0] == 200

    low, high = 1, 2
    while exists(high) and high < 2**20:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if exists(middle) else (low, middle)
    return low


def main():
    ensure_wrk()
    load = os.getloadavg()[0]  # before anything here starts: other work
    tmp = Path(tempfile.mkdtemp(prefix="hkai-soak-"))
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "GUNICORN_ACCESS_LOG": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "HKAI_PAGE_CACHE": "1",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'db.sqlite3'}")
    env.setdefault("HKAI_PAGE_CACHE_STATE_DIR", str(tmp / "pagecache"))
    manage(env, "migrate", "-v0")
    manage(env, "load_demo")
    manage(env, "generate_articles", str(ARTICLES))
    manage(env, "collectstatic", "--noinput", "-v0")

    with open(tmp / "server.log", "w") as log:
        process, url = start(env, "hkai.wsgi", log)
        try:
            pages = list_pages(url)
            figures(wrk(url, WARMUP, pages))  # every worker booted and warm
            before = workers(process.pid)
            started = time.monotonic()
            result = figures(wrk(url, SECONDS, pages))
            took = time.monotonic() - started
            after = workers(process.pid)
            load = (load, os.getloadavg()[0])  # the soak's own load included
        finally:
            process.terminate()
            process.wait(timeout=60)
    shutil.rmtree(tmp, ignore_errors=True)
    report(env, result, before, after, pages, took, load)
    errors = result["non_2xx_3xx"] + result["socket_errors"]
    grown = [
        pid for pid in before if after.get(pid, 0) > before[pid] * (1 + MAX_GROWTH)
    ]
    if errors or grown or set(before) != set(after):
        raise SystemExit(f"soak failed: {errors} errors, grown or replaced: {grown}")


def report(env, result, before, after, pages, took, load):
    database = env["DATABASE_URL"].split(":", 1)[0]
    cache = os.environ.get("CACHE_URL", "embedded").split(":", 1)[0]
    latency = result["latency"]
    print(
        f"\n{database} + {cache}, {len(before)} gunicorn workers, {os.cpu_count()} "
        f"CPUs, {ARTICLES:,} generated articles ({pages} list pages); "
        f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s -s bench/soak.lua ({took:.0f} s); "
        f"load average {load[0]:.1f} before it started (other work), "
        f"{load[1]:.1f} at the end\n"
    )
    print("| requests | req/s | errors | p50 ms | p75 ms | p90 ms | p99 ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {result['requests']:,} | {result['rps']:,.0f} | "
        f"{result['non_2xx_3xx']} non-2xx/3xx, {result['socket_errors']} socket | "
        + " | ".join(f"{latency[p]:.1f}" for p in ("50", "75", "90", "99"))
        + " |\n"
    )
    print("| worker | RSS after warm-up, MB | RSS at the end, MB | growth |")
    print("| --- | ---: | ---: | ---: |")
    for n, pid in enumerate(sorted(before), 1):
        end = after.get(pid)
        growth = f"{(end / before[pid] - 1) * 100:+.1f} %" if end else "replaced"
        print(f"| {n} | {before[pid]:.1f} | {end or 0:.1f} | {growth} |")


if __name__ == "__main__":
    main()
