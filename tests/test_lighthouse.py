"""Lighthouse's check (bench/lighthouse.py) works in CI, and the home page meets
its targets on a phone: 100 for accessibility, best practices and SEO, at
least 98 for performance. One page only, to keep the suite short; the script
scores every page type (docs/quality.md, "Lighthouse")."""

import os

import pytest

from bench.lighthouse import CHROMIUM, LIGHTHOUSE, lighthouse, scores, shortfalls

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
    assert set(scores(report)) == {
        "performance",
        "accessibility",
        "best-practices",
        "seo",
    }
    assert shortfalls("home", report, allowed=()) == []
