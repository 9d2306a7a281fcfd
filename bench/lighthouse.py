"""Lighthouse's four scores for every page type a reader meets.

    .venv/bin/python bench/lighthouse.py                 # every page type
    .venv/bin/python bench/lighthouse.py --pages home    # one page type

Starts, on loopback only, the site as the README runs it (gunicorn, SQLite,
the demo content, collected static files, DEBUG off), then runs npm's
Lighthouse (package.json; ``npm ci``) against Debian's chromium, never a
downloaded browser, with its default mobile form factor: the page types of
tests/reader_pages.py in English, and the Chinese home and article. Each
page is scored ``--runs`` times (default 3) and its median run counts; each
run has a time limit (``LIGHTHOUSE_TIMEOUT``, default 120 s). Prints a
Markdown table and exits non-zero if any accessibility, best-practices or
SEO score is under 100 or any performance score under 98 (docs/quality.md,
"Lighthouse"), naming the audits that cost points, except the few that fail
by design (``EXPECTED``).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reader_pages import PAGES, address  # noqa: E402
from tests.servers import gunicorn, sqlite_site  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
TIMEOUT = int(os.environ.get("LIGHTHOUSE_TIMEOUT", "120"))
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
# Audits that fail by design, with why (docs/quality.md, "Lighthouse"): a
# page that must not be indexed, or must answer 404, cannot pass them.
EXPECTED = {
    "search:seo:is-crawlable": "search results say noindex (docs/seo.md)",
    "404:seo:http-status-code": "a missing page answers 404",
    "404:best-practices:errors-in-console": (
        "the only console error is the page's own 404 status"
    ),
}


def targets():
    """``(label, path, status)`` of the pages to score: every type in English,
    and the Chinese edition's home and article (its own fonts and wording)."""
    chosen = [(name, paths[0], paths[2]) for name, paths in PAGES.items()]
    chosen += [
        (f"{name} (zh-hant)", PAGES[name][1], PAGES[name][2])
        for name in ("home", "article")
    ]
    return [(label, address(path), status) for label, path, status in chosen]


def serve(tmp):
    """The README's shape of the site, in ``tmp``; the env gunicorn needs."""
    # The demo's database (and its pictures, in the media folder) is made
    # with this process's environment, which must name a key as the README's
    # demo does.
    os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-lighthouse-only")
    env = sqlite_site(
        tmp, DJANGO_STATIC_ROOT=str(tmp / "static"), GUNICORN_ACCESS_LOG="0"
    )
    for command in (["collectstatic", "--noinput", "-v0"], ["compile_catalogues"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
        )
    return env


def lighthouse(url, report, status=200):
    """Run Lighthouse on ``url`` into ``report`` (JSON); the parsed report.
    A page meant to answer ``status`` 404 is audited all the same (Lighthouse
    refuses an error status unless told)."""
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            *(["--ignore-status-code"] if status != 200 else []),
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=TIMEOUT,
    )
    return json.loads(Path(report).read_text())


def scores(report):
    """``{category: 0–100}``; a category Lighthouse could not score is 0."""
    found = report["categories"]
    return {c: round((found[c]["score"] or 0) * 100) for c in CATEGORIES}


def lost_points(report, category):
    """The ids of the weighted audits of ``category`` that did not pass."""
    audits = report["audits"]
    return [
        ref["id"]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and (audits[ref["id"]]["score"] or 0) < 1
    ]


def shortfalls(label, report, allowed=(), targets=TARGETS):
    """Lines naming each category of ``report`` under its target, with the
    audits that cost it points; a category is excused only when every audit
    it lost points on is allowed (``label:category:audit``)."""
    found = scores(report)
    short = []
    for category in CATEGORIES:
        lost = lost_points(report, category)
        excused = all(f"{label}:{category}:{audit}" in allowed for audit in lost)
        if found[category] < targets[category] and not excused:
            short.append(
                f"{label}: {category} {found[category]} < {targets[category]}: "
                + ", ".join(lost)
            )
    return short


def table(rows):
    head = "| Page | " + " | ".join(CATEGORIES) + " |"
    lines = [head, "|" + " --- |" * (len(CATEGORIES) + 1)]
    for label, found in rows:
        lines.append(
            f"| {label} | " + " | ".join(str(found[c]) for c in CATEGORIES) + " |"
        )
    return "\n".join(lines)


def median_run(url, report, status, runs):
    """The report of median performance of ``runs`` runs (in ``report``).

    Performance is timed on a shared machine (other processes, 2 CPUs): one
    run can lose points to a neighbour's work, so Lighthouse's own advice is
    the median of several (the other three categories do not vary)."""
    reports = [lighthouse(url, report, status) for _ in range(runs)]
    reports.sort(key=lambda r: scores(r)["performance"])
    chosen = reports[len(reports) // 2]
    Path(report).write_text(json.dumps(chosen))
    return chosen


def run(chosen, allowed=(), keep=None, runs=1):
    """Score each ``(label, path, status)`` of ``chosen`` on a fresh server:
    the Markdown table and the shortfalls (empty when every target is met).
    Each report is kept in the folder ``keep`` if given."""
    rows, short = [], []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        tmp = Path(tmp)
        env = serve(tmp)
        with gunicorn(tmp, workers=2, **env) as server:
            for label, path, status in chosen:
                name = re.sub(r"\W+", "-", label).strip("-") + ".json"
                try:
                    report = median_run(
                        server.url + path, Path(keep or tmp) / name, status, runs
                    )
                except (subprocess.SubprocessError, OSError, ValueError) as error:
                    short.append(f"{label}: Lighthouse failed: {error}")
                    continue
                rows.append((label, scores(report)))
                short += shortfalls(label, report, allowed)
                print(f"{label}: {scores(report)}", file=sys.stderr, flush=True)
    return table(rows), short


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages", nargs="*", help="labels to score (default: all), e.g. home"
    )
    parser.add_argument(
        "--allow-below",
        action="append",
        default=[],
        metavar="LABEL:CATEGORY:AUDIT",
        help="another audit allowed to fail (besides EXPECTED); say why in "
        "docs/quality.md",
    )
    parser.add_argument("--keep", type=Path, help="a folder to keep the reports in")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per page; the median counts"
    )
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` first")
    chosen = [t for t in targets() if not args.pages or t[0] in args.pages]
    if not chosen:
        raise SystemExit(f"no such page: {args.pages}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    allowed = {*EXPECTED, *args.allow_below}
    markdown, short = run(chosen, allowed, args.keep, args.runs)
    print(markdown)
    if short:
        print("\nBelow target:\n" + "\n".join(short))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
