"""Lighthouse's check (bench/lighthouse.py) works in CI, and the home page
scores 100 on a phone for accessibility, best practices and SEO. One page,
one run, to keep the suite short; the script scores every page type, three
runs each (docs/quality.md, "Lighthouse").

Performance is timed, so one run on a shared 2-CPU machine can lose a few
points to other processes: here it must reach 90, a floor that a real
regression (a render-blocking script, an oversized image, a layout shift)
still breaks; the script holds every page to 98 on the median of its runs."""

import os

import pytest

from bench.lighthouse import (
    CHROMIUM,
    LIGHTHOUSE,
    TARGETS,
    lighthouse,
    scores,
    shortfalls,
)

pytestmark = [
    pytest.mark.server,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not LIGHTHOUSE.exists(), reason="needs npm's lighthouse: run `npm ci`"
    ),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="needs Debian's chromium: .ci/run installs it",
    ),
]


def test_the_home_page_meets_the_lighthouse_targets(demo_site, tmp_path):
    report = lighthouse(demo_site.url + "/", tmp_path / "home.json")
    assert not report.get("runtimeError"), report["runtimeError"]
    assert set(scores(report)) == set(TARGETS)
    one_run = {**TARGETS, "performance": 90}
    assert shortfalls("home", report, targets=one_run) == []
