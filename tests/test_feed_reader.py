"""A real feed reader subscribes: newsboat (Debian's package), headless,
fetches the feeds from a gunicorn server of the test's own, and every item
arrives, hostile titles included. Skipped where newsboat is not installed."""

import shutil
import sqlite3
import subprocess
import sys

import feedparser
import pytest

from .servers import ROOT, fetch, gunicorn, sqlite_site

NEWSBOAT = shutil.which("newsboat")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.server,
    pytest.mark.skipif(NEWSBOAT is None, reason="needs newsboat (apt-get install)"),
]

TITLE = 'R&amp;D <b>bold</b> & "<script>" ]]> 私隱'
FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/zh-hant/feeds/rss/",
    "/tags/%E7%A7%81%E9%9A%B1/feed/atom/",
    "/articles/feed/?sector=healthcare&tag=%E7%A7%81%E9%9A%B1",
]


def add_hostile_article(env):
    """A published article with hostile text, in the demo's database."""
    code = (
        "from django.contrib.auth.models import User\n"
        "from articles.models import Article\n"
        "from sectors.models import Sector\n"
        "from django.utils import timezone\n"
        "author = User.objects.create(username='ada', first_name='<i>Ada</i> &')\n"
        f"article = Article.objects.create(title={TITLE!r}, slug='hostile',\n"
        f"    summary={TITLE!r}, body='A [link](other) and ]]> too.',\n"
        "    author=author, status='published', published_at=timezone.now())\n"
        "article.sectors.set([Sector.objects.get(slug='healthcare')])\n"
        "article.tags.set(['私隱', '<b>tag</b>'])\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def newsboat_reload(folder, url):
    """Subscribe a fresh newsboat to ``url`` alone and fetch it once:
    ``(feed title, [(item title, link)])`` from its cache. (One feed per
    cache: newsboat keeps an item once per id, and the same article has the
    same permanent id in every feed.)"""
    folder.mkdir()
    (folder / "urls").write_text(url + "\n")
    (folder / "config").write_text("")
    subprocess.run(
        [NEWSBOAT, "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"],
        cwd=folder,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        check=True,
        capture_output=True,
        timeout=120,
    )
    with sqlite3.connect(folder / "cache.db") as cache:
        (title,) = cache.execute("SELECT title FROM rss_feed").fetchone()
        items = cache.execute("SELECT title, url FROM rss_item").fetchall()
    return title, items


def test_newsboat_receives_every_item_of_every_feed(tmp_path):
    env = sqlite_site(tmp_path)
    add_hostile_article(env)
    with gunicorn(tmp_path, **env) as server:
        for n, path in enumerate(FEEDS):
            url = server.url + path
            status, _, body = fetch(url)
            assert status == 200, url
            links = [entry.link for entry in feedparser.parse(body).entries]
            title, items = newsboat_reload(tmp_path / f"reader-{n}", url)
            assert title.startswith(("HK AI Observatory", "香港人工智能觀察站"))
            assert sorted(link for _, link in items) == sorted(links), url
            assert links, url
            titles = [item_title for item_title, _ in items]
            if path == "/feeds/rss/":
                # What was typed, tag-like text in angle quotes: never markup.
                assert 'R&amp;D ‹b›bold‹/b› & "‹script›" ]]> 私隱' in titles
            if path == "/feeds/atom/":
                assert TITLE in titles  # declared HTML: exactly as typed
