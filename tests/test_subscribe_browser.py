"""The subscribe page in a real browser (Playwright driving Debian's
Chromium, headless), against gunicorn: on a phone, a reader goes from a
sector's "Subscribe" to its page, copies the RSS address with the button,
and finds /feeds/ folded; without JavaScript the address is still there to
select, and no button that would do nothing is shown."""

import pytest

from .browsers import MARKS
from .servers import gunicorn, sqlite_site

pytestmark = MARKS
playwright = pytest.importorskip("playwright.sync_api")

PHONE = {"viewport": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def site(tmp_path_factory, static_root):
    folder = tmp_path_factory.mktemp("subscribe-site")
    env = sqlite_site(folder, DJANGO_STATIC_ROOT=str(static_root))
    with gunicorn(folder, **env) as server:
        yield server


def test_a_reader_copies_a_sectors_feed_address(site, browser):
    context = browser.new_context(**PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site.url}/sectors/healthcare/")
    page.click("main .subscribe a")
    page.wait_for_url(f"{site.url}/feeds/subscribe/?sector=healthcare")
    assert page.evaluate("document.contentType") == "text/html"  # not XML
    assert page.locator("h1").inner_text().startswith("Subscribe to")

    button = page.locator('button[data-copy="feed-rss"]')
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.getElementById('copy-status').textContent")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{site.url}/sectors/healthcare/feed/"
    assert page.locator(".card__title a").count() > 0  # the latest articles
    assert errors == []

    page.goto(f"{site.url}/feeds/")
    groups = page.locator("details.feed-group")
    assert groups.count() == 5
    assert page.locator("details.feed-group .feed-row").nth(1).is_hidden()
    groups.nth(1).locator("summary").click()  # Sectors unfold, no script needed
    assert groups.nth(1).locator(".feed-row").first.is_visible()
    context.close()


def test_without_javascript_the_address_is_there_to_select(site, browser):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{site.url}/feeds/subscribe/?sector=healthcare")
    assert page.locator('button[data-copy="feed-rss"]').is_hidden()
    address = page.locator("#feed-rss")
    assert address.is_visible() and address.is_editable() is False
    assert address.input_value() == f"{site.url}/sectors/healthcare/feed/"
    context.close()
