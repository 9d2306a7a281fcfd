"""Every page type a reader meets is valid HTML, in both editions: the Nu Html
Checker (npm's vnu-jar, run with Debian's Java) reports no error and no
warning. Invalid markup is where browsers, screen readers and translation
tools start to disagree about a page.

The pages (tests/reader_pages.py) come over HTTP from one gunicorn server
serving the demo content, as the README runs it; all of them are checked in
one start of the checker (a JVM start costs seconds).
"""

import json
import re
import shutil
import subprocess

import pytest

from .html import parse
from .reader_pages import ARTICLE_EN, address, pages
from .servers import ROOT, fetch

JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
PAGES = pages()

pytestmark = [
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(
        JAVA is None, reason="needs Java (Debian's default-jre-headless; .ci/run)"
    ),
    pytest.mark.skipif(
        not JAR.exists(), reason="needs npm's vnu-jar: run `npm ci` (.ci/run does)"
    ),
]


def file_name(label):
    return re.sub(r"\W+", "-", label).strip("-") + ".html"


@pytest.fixture(scope="module")
def saved_pages(demo_site, tmp_path_factory):
    """Each page as the server sent it, in a file named after its label."""
    folder = tmp_path_factory.mktemp("html-validity")
    for label, path, expected in PAGES:
        status, _, body = fetch(demo_site.url + path)
        assert status == expected, (label, status)
        (folder / file_name(label)).write_text(body)
    return folder


@pytest.fixture(scope="module")
def messages(saved_pages):
    """The checker's messages, by file name: one run over every page."""
    files = sorted(saved_pages.glob("*.html"))
    result = subprocess.run(
        [JAVA, "-jar", str(JAR), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    found = {file.name: [] for file in files}
    for message in json.loads(result.stderr)["messages"]:
        found.setdefault(message.get("url", "").rsplit("/", 1)[-1], []).append(message)
    # A message about no page of ours (the checker could not read one): fail.
    strays = [m for name in set(found) - {f.name for f in files} for m in found[name]]
    assert not strays, strays
    return found


def describe(message):
    kind = message.get("subType") or message["type"]
    extract = message.get("extract", "").strip()
    return f"line {message.get('lastLine')}: {kind}: {message['message']}\n  {extract}"


def test_the_checked_article_shows_a_hero_image(demo_site):
    """The article checked is one with a picture (its <picture> markup)."""
    _, _, body = fetch(demo_site.url + address(f"/articles/{ARTICLE_EN}/"))
    assert parse(body).select_one("article header picture img[srcset][alt]")


@pytest.mark.parametrize("label", [label for label, _, _ in PAGES])
def test_page_is_valid_html_without_warnings(messages, label):
    """No error and no warning (the checker's "info" messages that are not
    warnings, such as "Trailing slash on void elements", are only notes)."""
    found = [
        m
        for m in messages[file_name(label)]
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert not found, f"{label}:\n" + "\n".join(map(describe, found))
