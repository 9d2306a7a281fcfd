"""The Content-Security-Policy in a real browser (Playwright driving Debian's
Chromium, headless): every kind of public page and the admin's pages (signed
in as the demo's editor) report no violation and no console error, and what
runs on them still runs (the admin's widgets, the Markdown preview's fetch,
the subscribe page's copy buttons). The session's demo site, one worker.

Violations are caught where the browser reports them: the
``securitypolicyviolation`` event, listened for by a script added before any
of the page's own (it also sees the blocked images and styles that a console
message might word differently), and console errors."""

import pytest

from .browsers import MARKS
from .servers import EDITOR, PASSWORD
from .test_quality_browser import HERO_ARTICLE

pytestmark = [*MARKS, pytest.mark.slow]
playwright = pytest.importorskip("playwright.sync_api")

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""

PUBLIC = [
    "/",
    "/sectors/education/",
    "/explore/",
    HERO_ARTICLE,  # a hero <picture> and JSON-LD
    "/search/?q=privacy",
    "/feeds/",
    "/feeds/subscribe/?sector=healthcare",  # copy buttons (static/js/copy.js)
    "/about/",
    "/zh-hant/",
    "/no-such-page/",
]


class Watched:
    """A browser page whose CSP violations and console errors are kept."""

    def __init__(self, context):
        self.page = context.new_page()
        self.errors = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _console(self, message):
        # Errors, and the warning Chromium gives for a header it cannot read
        # (an unknown Permissions-Policy feature, say).
        if message.type == "error" or (
            message.type == "warning" and "Policy" in message.text
        ):
            self.errors.append(message.text)

    def visit(self, url, status=200):
        response = self.page.goto(url)
        assert response.status == status, url
        self.page.wait_for_load_state("load")
        return self

    def problems(self):
        violations = self.page.evaluate("window.__violations")
        errors = [
            e
            for e in self.errors
            # The 404 page's own status, which Chromium reports as an error.
            if "status of 404" not in e
        ]
        self.errors.clear()
        return violations + errors


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    yield context
    context.close()


def test_public_pages_break_no_rule_of_the_policy(demo_site, context):
    watched = Watched(context)
    for path in PUBLIC:
        watched.visit(demo_site.url + path, 404 if "no-such" in path else 200)
        assert watched.problems() == [], path
    # The copy buttons' script ran: it shows the buttons it hid.
    watched.visit(demo_site.url + "/feeds/subscribe/?sector=healthcare")
    assert watched.page.locator("button[data-copy]").first.is_visible()
    assert watched.problems() == []


def test_the_browser_enforces_the_policy(demo_site, context):
    """What an injected script or a pasted pixel would do is refused, and the
    listener above hears of it (so its silence on the other pages means
    something)."""
    watched = Watched(context).visit(demo_site.url + "/")
    ran = watched.page.evaluate(
        """() => new Promise((done) => {
        window.__ran = false;
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.append(script);
        const pixel = new Image();
        pixel.src = "https://tracker.example.net/pixel.gif";
        setTimeout(() => done(window.__ran), 300);
    })"""
    )
    assert ran is False
    problems = " ".join(watched.problems())
    assert "script-src-elem blocked inline" in problems
    assert "img-src blocked https://tracker.example.net/pixel.gif" in problems


def test_the_admin_works_under_the_policy(demo_site, context):
    base = demo_site.url
    watched = Watched(context)
    page = watched.page
    watched.visit(base + "/admin/login/")
    assert watched.problems() == [], "login"
    page.fill("#id_username", EDITOR)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    assert watched.problems() == [], "index"

    watched.visit(base + "/admin/articles/article/")
    assert watched.problems() == [], "change list"
    change = page.locator("#result_list tbody th a").first.get_attribute("href")

    watched.visit(base + change)
    # The admin's own scripts ran (calendar and clock shortcuts), and ours:
    # the summary's character count and the Markdown preview, whose fetch
    # connect-src allows.
    assert page.locator(".datetimeshortcuts").count() > 0
    assert page.locator("#id_summary_count").inner_text()
    page.click(".editor-preview-button")
    page.locator(".editor-markdown p").first.wait_for()
    assert watched.problems() == [], "change form"

    for where in ("history/", "preview/"):
        watched.visit(base + change + "../" + where)
        assert watched.problems() == [], where
    watched.visit(base + "/admin/articles/article/add/")
    assert watched.problems() == [], "add form"
    watched.visit(base + "/admin/pages/page/")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_load_state("load")
    assert watched.problems() == [], "page change form"
