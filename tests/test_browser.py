"""The editorial workflow in a real browser (Playwright driving Debian's
Chromium, headless; never a downloaded browser), against the README's run
shape: gunicorn with three workers, SQLite, no Redis.

An author writes a draft with sectors, a challenge and a new tag chosen
through the suggestions, previews it, submits it for review and shares a
preview link; an outside reviewer opens the link in a fresh browser without
an account; an editor publishes; the article is at once on its sector,
challenge and tag pages and in the site feed, whichever worker answers.

With ``HKAI_SCREENSHOTS=<folder>`` the steps are photographed there (that is
how docs/editor-guide.md gets its pictures).
"""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

from .browsers import MARKS
from .servers import ROOT, fetch, gunicorn, sqlite_site

pytestmark = MARKS
playwright = pytest.importorskip("playwright.sync_api")

PASSWORD = "a long enough password 42"
TITLE = "Smart lamp posts learn to listen"
TAG = "聲音感測"  # "sound sensing": new, and Chinese


def add_users(env):
    """An author and an editor, in the groups the migrations create."""
    code = (
        "from django.contrib.auth.models import Group, User\n"
        "for name, group in [('amy', 'Author'), ('eddie', 'Editor')]:\n"
        f"    user = User.objects.create_user(name, password={PASSWORD!r},\n"
        "        is_staff=True, first_name=name.title(), last_name='Chan')\n"
        "    user.groups.add(Group.objects.get(name=group))\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def site(tmp_path, static_root):
    env = sqlite_site(tmp_path, DJANGO_STATIC_ROOT=str(static_root))
    add_users(env)
    with gunicorn(tmp_path, workers=3, **env) as server:
        yield server


class Camera:
    """Screenshots for the editor guide, when asked for."""

    def __init__(self):
        folder = os.environ.get("HKAI_SCREENSHOTS")
        self.folder = Path(folder) if folder else None

    def __call__(self, page, name):
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=self.folder / f"{name}.png", full_page=False)


def log_in(context, base, username):
    page = context.new_page()
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def choose(page, field, typed, option):
    """Pick from one of the admin's autocomplete fields (select2)."""
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", typed)
    page.click(f".select2-results__option:has-text('{option}')")


def test_an_article_goes_from_an_authors_draft_to_every_reader(site, browser):
    base, photograph = site.url, Camera()
    author = browser.new_context(viewport={"width": 1280, "height": 900})
    page = log_in(author, base, "amy")

    # The author writes a draft.
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Sensors on Kowloon lamp posts now pick up noise.")
    assert "characters" in page.inner_text(".editor-count")
    page.fill(
        "#id_body",
        "## What changed\n\nThe posts now **listen** for traffic noise.\n",
    )
    page.click("text=Show the body as readers will see it")
    page.wait_for_selector(".editor-markdown strong")
    choose(page, "sectors", "Smart", "Smart Cities")
    choose(page, "challenges", "privacy", "Data privacy")
    # Tags: an existing one picked from the suggestions, and a new one.
    page.click("#id_tags")
    page.keyboard.type("私")
    page.click(".tag-suggestions [role=option][data-name='私隱']")
    assert page.input_value("#id_tags") == "私隱, "
    page.keyboard.type(TAG)
    photograph(page, "02-writing")

    # Previews the unsaved draft in the real page template.
    with author.expect_page() as opened:
        page.click("button[name=_preview]")
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.inner_text("h1") == TITLE
    assert "Preview" in preview.inner_text(".preview-banner")
    photograph(preview, "03-preview")
    preview.close()

    # Saves, then submits it for review.
    page.click("input[name=_continue]")
    page.wait_for_selector("#editorial-heading")
    page.click("button[name=move][value=review]")
    page.wait_for_selector("#editorial-heading:has-text('In review')")

    # Shares a preview link for an outside reviewer.
    page.click("text=Create a preview link")
    page.wait_for_selector(".editorial-share table input")
    link = page.input_value(".editorial-share table input")
    photograph(page, "04-review-and-share")

    # The reviewer, with no account, in a fresh browser.
    reviewer = browser.new_context().new_page()
    reviewer.goto(link)
    assert reviewer.inner_text("h1") == TITLE
    assert "this link works until" in reviewer.inner_text(".preview-banner")
    assert reviewer.context.cookies() == []
    photograph(reviewer, "05-shared-preview")

    # An editor publishes it.
    editor = log_in(
        browser.new_context(viewport={"width": 1280, "height": 900}), base, "eddie"
    )
    assert TITLE in editor.inner_text("#attention-review")
    photograph(editor, "01-dashboard")
    editor.click(f"#attention-review a:has-text('{TITLE}')")
    editor.click("button[name=move][value=published]")
    editor.wait_for_selector("#editorial-heading:has-text('Published')")
    photograph(editor, "06-published")

    # Every reader sees it at once, whichever worker answers.
    pages = [
        "/sectors/smart-cities-infrastructure/",
        "/challenges/data-privacy/",
        f"/tags/{quote(TAG)}/",
        f"/tags/{quote('私隱')}/",
        "/feeds/rss/",
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for path in pages:
            answers = list(pool.map(fetch, [base + path] * 24))
            assert all(status == 200 for status, _, _ in answers), path
            assert all(TITLE in body for _, _, body in answers), path


def test_a_reader_on_a_phone_searches_and_narrows_the_results(site, browser):
    """From the header's box, in both editions, with the filter panel's links:
    no JavaScript of ours involved, and nothing wider than the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site.url}/")
    box = page.get_by_role("searchbox", name="Search articles")
    assert box.is_visible()
    box.fill("privacy")
    box.press("Enter")
    page.wait_for_url(f"{site.url}/search/?q=privacy")

    assert page.locator("h1").inner_text() == "Search results for “privacy”"
    found = page.locator(".results > li").count()
    assert found >= 3
    assert page.locator(".results .snippet mark").first.inner_text().lower() == (
        "privacy"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    healthcare = page.locator("#facet-sector + ul li", has_text="Healthcare")
    expected = int(healthcare.locator(".count").inner_text())
    healthcare.locator("a").click()
    page.wait_for_url("**/search/?q=privacy&sector=healthcare")
    assert page.locator(".results > li").count() == expected < found
    assert page.locator(".facet strong[aria-current]").inner_text() == "Healthcare"
    # Subscribe leads to the saved search's page, which gives its feed.
    page.locator(".subscribe a").first.click()
    page.wait_for_url("**/feeds/subscribe/?q=privacy&sector=healthcare")
    feed = page.locator("#feed-rss").input_value()
    assert feed == f"{site.url}/articles/feed/?q=privacy&sector=healthcare"
    status, _headers, body = fetch(feed)
    assert status == 200 and "<rss" in body

    page.goto(f"{site.url}/zh-hant/")
    box = page.get_by_role("searchbox", name="搜尋文章")
    box.fill("私隱")
    box.press("Enter")
    page.wait_for_url(f"{site.url}/zh-hant/search/?q={quote('私隱')}")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-HK"
    assert page.locator(".results > li").count() >= 3
    assert "私隱" in page.locator(".results .snippet mark").all_inner_texts()
    context.close()
