"""Every page type and the search page as the archive grows, with the plan of
each page's slowest query.

    .venv/bin/python bench/scale.py                        # SQLite
    .ci/with-services .venv/bin/python bench/scale.py      # PostgreSQL

For each size in ``BENCH_SIZES`` (default "10,10000,100000"), a database of
that many generated articles (bench/databases.py: built once, then reused
while the code that fills it is unchanged), measured in a process of its own
by bench/inprocess.py: Django's test client, the page cache off, each page
fetched once to warm, then ``BENCH_SCALE_REPEAT`` (default 9) rounds over
every page. Prints Markdown: the median ms and SQL queries of each page at
each size and the growth from the smallest size to the largest; then, at the
largest size, each page's slowest query with its plan (SQLite: EXPLAIN QUERY
PLAN; PostgreSQL: EXPLAIN ANALYZE), and the scans in those plans, which are
what grows with the data when an index is missing. Nothing listens on a port.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import databases  # noqa: E402
from bench.run import inprocess  # noqa: E402

REPEAT = int(os.environ.get("BENCH_SCALE_REPEAT", "9"))
# Plan lines that read a whole table or index: fine for a handful of rows
# (sectors, challenges), a cost that grows with the archive anywhere else.
SCANS = ("SCAN ", "Seq Scan")


def measure(env):
    """{size: bench/inprocess.py timings} for each of BENCH_SIZES."""
    results = {}
    for size in databases.sizes("10,10000,100000"):
        url = databases.generated(env, size)
        sized = {**env, "DATABASE_URL": url, "HKAI_PAGE_CACHE": "0"}
        results[size] = inprocess(sized, "timings", str(REPEAT))
    return results


def report(results):
    sizes = list(results)
    first, last = results[sizes[0]], results[sizes[-1]]
    print(f"\n{first['database']}, {os.cpu_count()} CPUs; Django's test client")
    print(f"in-process, page cache off; median ms of {REPEAT} warm renders.\n")
    header = " | ".join(f"{s:,} ms" for s in sizes)
    queries = " | ".join(f"{s:,} SQL" for s in sizes)
    print(f"| page | {header} | × growth | {queries} |")
    print("| --- |" + " ---: |" * (2 * len(sizes) + 1))
    for name in first["pages"]:
        pages = [results[s]["pages"].get(name) for s in sizes]
        ms = [f"{p['median_ms']:.1f}" if p else "–" for p in pages]
        counts = [str(p["queries"]) if p else "–" for p in pages]
        growth = (
            f"{pages[-1]['median_ms'] / pages[0]['median_ms']:.2f}"
            if pages[0] and pages[-1]
            else "–"
        )
        print(f"| {name} | {' | '.join(ms)} | {growth} | {' | '.join(counts)} |")

    print(f"\nThe slowest query of each page at {sizes[-1]:,} articles:\n")
    scanned = []
    for name, page in last["pages"].items():
        print(f"#### {name} (`{page['path']}`): {page['slowest_ms']:.2f} ms\n")
        print(f"```sql\n{page['slowest_sql']}\n```\n\n```\n{page['plan']}\n```\n")
        scanned += [
            f"{name}: {line.strip()}"
            for line in page["plan"].splitlines()
            if any(scan in line for scan in SCANS)
        ]
    print("Scans in those plans (each reads a whole table or index):\n")
    print("\n".join(f"- {line}" for line in scanned) or "- none")


def main():
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="hkai-scale-bench-"))
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "60",  # as bench/run.py's servers: no connect per page
        "HKAI_PAGE_CACHE_STATE_DIR": str(tmp / "pagecache"),
    }
    databases.manage(env, "collectstatic", "--noinput", "-v0", timeout=300)
    databases.manage(env, "compile_catalogues", "-v0", timeout=300)
    report(measure(env))
    print(f"\nThe run took {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
