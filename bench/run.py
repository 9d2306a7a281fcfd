"""Every row of issue 18's table, against a one-view Django app, in one run.

    .ci/with-services .venv/bin/python bench/run.py      # PostgreSQL + Redis
    .venv/bin/python bench/run.py                        # SQLite + local memory

Starts, on loopback only: the site under the project's gunicorn config with
the page cache on, the same with it off, and bench/hello.py (the framework's
ceiling) with the same config and worker count, on a database with the demo
content and ``FEED_FILL`` generated articles (so every feed measured carries
its full 20 items). Then measures, printing each row's target and whether it
is met:

- req/s of every page type and feed, cached and uncached, each beside the
  ceiling measured just before it (one bounded ``wrk -t2 -c16`` run each,
  ``BENCH_SECONDS``, default 10; drift of the machine cancels out);
- a conditional GET answered 304 (wrk sends the ETag of a first GET), and its
  SQL queries in-process;
- the miss storm: ``BENCH_STORM_ROUNDS`` (10) rounds of 16 concurrent
  requests for the home page just made stale by a public change; how many of
  each round rendered (``X-Cache: miss``) and their p99 against the p99 of
  a request alone for the page just made stale (rounds alternate);
- SQL queries per page in-process (page cache off) on databases of each size
  in ``BENCH_SIZES`` (default "10,100000"; bench/databases.py builds them
  once and keeps them).

``BENCH_PAGES=home,article`` measures only those pages' req/s. Needs wrk
(Debian package ``wrk``; installed if missing).
"""

import http.client
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import databases  # noqa: E402
from bench.inprocess import FEEDS, HTML_PAGES, PAGES  # noqa: E402
from tests.servers import free_port, wait_for_port  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARM_SECONDS = min(SECONDS, 2)
CHOSEN = os.environ.get("BENCH_PAGES")
FEED_ITEMS = 20  # settings.FEED_ITEMS's default: what a feed carries
FEED_FILL = 200  # generated articles beside the demo's 29: 20 in every feed
STORM_PAGE = "home"
STORM_CLIENTS = 16
STORM_ROUNDS = int(os.environ.get("BENCH_STORM_ROUNDS", "10"))


def ensure_wrk():
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)


def inprocess(env, *args):
    """bench/inprocess.py's answer (its last line, JSON)."""
    out = subprocess.run(
        [sys.executable, "bench/inprocess.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if out.returncode:
        raise SystemExit(f"bench/inprocess.py {' '.join(args)}:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


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


# Measuring over HTTP. ----------------------------------------------------------


def wrk(url, seconds=SECONDS, headers=()):
    """req/s, p50 ms, p99 ms of one bounded wrk run."""
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        + extra
        + [url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
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


def fetch(url, headers=None):
    """One GET on a connection of its own: (status, headers, body, ms)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        started = time.perf_counter()
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        return response.status, response.headers, body, elapsed
    finally:
        connection.close()


def burst(url, clients):
    """``clients`` GETs of ``url`` let go at the same instant, each on its own
    connection: [(ms, X-Cache), ...]."""
    parts = urlsplit(url)
    ready = threading.Barrier(clients)
    results = []

    def one():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.connect()
            ready.wait(timeout=30)
            started = time.perf_counter()
            connection.request("GET", parts.path)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            results.append((elapsed, response.headers.get("X-Cache", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def percentile(values, share):
    """The nearest-rank percentile of ``values`` (``share`` between 0 and 1)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


# The rows. -----------------------------------------------------------------


def throughput(paths, ceiling, cached, uncached, database):
    """req/s rows: (page, mode, ceiling req/s, req/s, p50, p99, target)."""
    uncached_html = 0.10 if database == "sqlite" else 0.08
    rows = []
    for name in PAGES:
        if CHOSEN and name not in CHOSEN.split(","):
            continue
        path = paths[name]
        # Warm every worker: its connections, the cache, and what the
        # uncached server keeps between requests (the index, kept fragments).
        wrk(cached + path, WARM_SECONDS)
        wrk(uncached + path, WARM_SECONDS)
        top = wrk(ceiling + "/")
        rows.append(("hello world (ceiling)", "", top[0], *top, None))
        rows.append((name, "cached", top[0], *wrk(cached + path), 1.0))
        target = uncached_html if name in HTML_PAGES else 0.05
        rows.append((name, "uncached", top[0], *wrk(uncached + path), target))
    return rows


def conditional(env, paths, ceiling, cached):
    """The 304 row, and its queries in-process."""
    path = paths[STORM_PAGE]
    etag = fetch(cached + path)[1]["ETag"]
    status = fetch(cached + path, {"If-None-Match": etag})[0]
    if status != 304:
        raise SystemExit(f"{path} with If-None-Match: {etag} answered {status}")
    in_process = inprocess(env, "conditional", path)
    top = wrk(ceiling + "/")
    measured = wrk(cached + path, headers=[f"If-None-Match: {etag}"])
    return top, measured, in_process


def storm(env, paths, cached, uncached):
    """Renders per round, p99 ms of the storm's requests, and p99 ms of a
    request alone for the page just made stale, as the storm's are (a public
    change makes the index and every kept fragment stale too, so each is a
    cold render). Rounds alone and storms alternate, so drift in the
    machine's speed falls on both alike."""
    path = paths[STORM_PAGE]
    publisher = subprocess.Popen(
        [sys.executable, "bench/inprocess.py", "publisher"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    renders, times, alone = [], [], []
    try:
        fetch(cached + path)
        for _ in range(STORM_ROUNDS):
            publisher.stdin.write("change\n")
            publisher.stdin.flush()
            publisher.stdout.readline()  # the change is published
            alone.append(fetch(cached + path)[3])
            publisher.stdin.write("change\n")
            publisher.stdin.flush()
            publisher.stdout.readline()
            results = burst(cached + path, STORM_CLIENTS)
            if len(results) != STORM_CLIENTS:
                raise SystemExit(f"the storm on {path} lost requests: {results}")
            renders.append(sum(state == "miss" for _, state in results))
            times += [ms for ms, _ in results]
    finally:
        publisher.stdin.close()
        publisher.wait(timeout=30)
    return renders, percentile(times, 0.99), percentile(alone, 0.99)


def query_counts(env):
    """{size: {page: queries}} on databases of each of BENCH_SIZES."""
    counts = {}
    for size in databases.sizes("10,100000"):
        url = databases.generated(env, size)
        sized = {**env, "DATABASE_URL": url, "HKAI_PAGE_CACHE": "0"}
        counts[size] = inprocess(sized, "queries")
    return counts


# The report. ---------------------------------------------------------------


def verdict(met):
    return "**met**" if met else "**not met**"


def report(database, workers, rows, conditional_row, storm_row, counts, verdicts):
    cache = os.environ.get("CACHE_URL", "locmem").split(":", 1)[0]
    print(f"\n{database} + {cache}, {workers} gunicorn workers, {os.cpu_count()} CPUs,")
    print(f"wrk -t2 -c16 -d{SECONDS}s per row\n")
    print("| page | page cache | req/s | p50 ms | p99 ms | × ceiling | target | |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, mode, top, rps, p50, p99, target in rows:
        ratio = rps / top
        check = ""
        if target is not None:
            check = verdict(ratio >= target)
            verdicts.append(ratio >= target)
        print(
            f"| {name} | {mode} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {ratio:.2f} "
            f"| {f'≥ {target:.2f}' if target else ''} | {check} |"
        )
    top, (rps, p50, p99), in_process = conditional_row
    met = rps / top[0] >= 1.0 and in_process["queries"] <= 1
    verdicts.append(met)
    print(
        f"| {STORM_PAGE}, If-None-Match → 304 | cached | {rps:,.0f} | {p50:.2f} "
        f"| {p99:.2f} | {rps / top[0]:.2f} | ≥ 1.00, ≤ 1 query "
        f"({in_process['queries']}) | {verdict(met)} |"
    )

    renders, p99, single = storm_row
    met = all(n == 1 for n in renders) and p99 <= 2 * single
    verdicts.append(met)
    print(f"\nMiss storm: {STORM_ROUNDS} rounds of {STORM_CLIENTS} concurrent GETs")
    print(f"of {STORM_PAGE} just made stale by a public change (page cache on).\n")
    print("| renders per round | p99 ms | alone, p99 ms | p99 × alone | target | |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    print(
        f"| {', '.join(map(str, renders))} | {p99:.1f} | {single:.1f} "
        f"| {p99 / single:.1f} | 1 per round, p99 ≤ 2× | {verdict(met)} |"
    )

    sizes = list(counts)
    print("\nSQL queries per page, in-process, page cache off, warm render:\n")
    print("| page | " + " | ".join(f"{s:,} articles" for s in sizes) + " | target | |")
    print("| --- | " + " | ".join("---:" for _ in sizes) + " | --- | --- |")
    for name in PAGES:
        found = [counts[s].get(name) for s in sizes]
        constant = len(set(found)) == 1 and None not in found
        if name in HTML_PAGES:
            met, target = constant and max(found) <= 5, "constant, ≤ 5"
        else:
            met, target = constant, "constant"
        verdicts.append(met)
        print(
            f"| {name} | "
            + " | ".join(str(n) for n in found)
            + f" | {target} | {verdict(met)} |"
        )


def main():
    started = time.monotonic()
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
    database = "sqlite" if env["DATABASE_URL"].startswith("sqlite") else "postgresql"
    databases.manage(env, "migrate", "-v0", timeout=900)
    databases.manage(env, "load_demo", timeout=300)
    databases.manage(env, "generate_articles", str(FEED_FILL), timeout=300)
    databases.manage(env, "collectstatic", "--noinput", "-v0", timeout=300)
    databases.manage(env, "compile_catalogues", "-v0", timeout=300)
    paths = inprocess(env, "paths")
    workers = env.get("GUNICORN_WORKERS", f"{(os.cpu_count() or 1) * 2 + 1}")

    servers = []
    with open(tmp / "servers.log", "w") as log:
        try:
            for app, extra in [
                ("bench.hello:application", {}),
                ("hkai.wsgi", {}),
                ("hkai.wsgi", {"HKAI_PAGE_CACHE": "0"}),
            ]:
                servers.append(start({**env, **extra}, app, log))
            (_, ceiling), (_, cached), (_, uncached) = servers
            for name in FEEDS:
                items = fetch(uncached + paths[name])[2].count(b"<item>")
                if items != FEED_ITEMS:
                    raise SystemExit(f"{name} has {items} items, not {FEED_ITEMS}")
            rows = throughput(paths, ceiling, cached, uncached, database)
            conditional_row = conditional(env, paths, ceiling, cached)
            storm_row = storm(env, paths, cached, uncached)
        finally:
            for process, _ in servers:
                process.terminate()
                process.wait(timeout=30)
    counts = query_counts(env)
    shutil.rmtree(tmp, ignore_errors=True)

    verdicts = []
    report(database, workers, rows, conditional_row, storm_row, counts, verdicts)
    print(
        f"\n{sum(verdicts)} of {len(verdicts)} targets met; the run took "
        f"{time.monotonic() - started:.0f} s."
    )


if __name__ == "__main__":
    main()
