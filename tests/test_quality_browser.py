"""Every kind of page a reader meets, in a real browser (Playwright driving
Debian's Chromium, headless), in light and dark mode: it answers, axe-core
finds nothing wrong, and its skip link, header navigation and first link in
the content work from the keyboard with a visible focus ring. A slow test,
when asked, takes docs/screenshots/. One gunicorn worker serving the demo.

axe-core is the npm package (package.json pins it; never a CDN copy), injected
into each page as a script, so the rules are the same on every machine."""

import os
import re
import time

import pytest
from PIL import Image

from .browsers import MARKS
from .servers import ROOT
from .test_layout import contrast

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [
    *MARKS,
    pytest.mark.skipif(
        not AXE.exists(),
        reason="needs axe-core from npm: run `npm ci` (.ci/run does)",
    ),
]
playwright = pytest.importorskip("playwright.sync_api")

HERO_ARTICLE = "/articles/generative-ai-classrooms-exam-season/"  # a demo picture
PAGES = {
    "home": "/",
    "sector": "/sectors/education/",
    "challenge": "/challenges/data-privacy/",
    "explore": "/explore/",
    "filtered-list": "/articles/?sector=healthcare&challenge=data-privacy",
    "article": HERO_ARTICLE,
    "tag": "/tags/exam-season/",
    "author": "/authors/newsroom/",
    "about": "/about/",
    "search": "/search/?q=privacy",
    "not-found": "/no-such-page/",
    # The Chinese edition: its own words, fonts and line breaks.
    "zh-home": "/zh-hant/",
    "zh-article": "/zh-hant/articles/生成式人工智能-學校重新思考功課/",
    "zh-search": "/zh-hant/search/?q=私隱",
}
SCHEMES = ["light", "dark"]
DESKTOP = {"width": 1280, "height": 900}

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: axe's default rules leave a few of
# these off (target-size, for one), so they are switched on by their tags.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = """tags => axe.run(document, {
    resultTypes: ["violations"],  // passes listed, not detailed: twice as quick
    rules: Object.fromEntries(axe.getRules(tags).map(r => [r.ruleId, {enabled: true}])),
})"""


@pytest.fixture(scope="module")
def site(demo_site):
    """The session's demo site: these checks only read pages."""
    return demo_site


def open_page(page, site, path):
    """Go to ``path``; it answers as it should and shows one heading."""
    response = page.goto(site.url + path)
    assert response.status == (404 if path == PAGES["not-found"] else 200), path
    assert page.locator("h1").count() == 1, path
    return response


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        f"{[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation_in_light_or_dark_mode(site, browser, name):
    # axe arrives as an inline script, which the site's CSP refuses to run
    # (as it should): this page alone lets the test's own script in.
    page = browser.new_page(color_scheme="light", viewport=DESKTOP, bypass_csp=True)
    open_page(page, site, PAGES[name])
    page.add_script_tag(path=str(AXE))
    for scheme in SCHEMES:  # the same page, its colours switched: no reload
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate(
            "() => matchMedia('(prefers-color-scheme: dark)').matches"
        ) == (scheme == "dark")
        results = page.evaluate(RUN_AXE, WCAG)
        assert results["violations"] == [], (
            f"{scheme}:\n{describe(results['violations'])}"
        )
        assert "color-contrast" in {rule["id"] for rule in results["passes"]}
    page.close()


def test_the_article_page_really_shows_its_hero_image(site, browser):
    """So that axe and the screenshots see a page with a picture on it."""
    page = browser.new_page(viewport=DESKTOP)
    open_page(page, site, HERO_ARTICLE)
    hero = page.locator("main picture img").first
    assert hero.get_attribute("alt")
    assert hero.evaluate("img => img.complete && img.naturalWidth") >= 480
    page.close()


# What has the keyboard's focus, whether it shows, and the colours of its focus
# ring and of what the ring is drawn on (outside the element: its parent's).
FOCUSED = """() => {
    const el = document.activeElement, style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const clear = n => getComputedStyle(n).backgroundColor === 'rgba(0, 0, 0, 0)';
    let back = el.parentElement;
    while (back && clear(back)) back = back.parentElement;
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
        tag: el.tagName.toLowerCase(),
        href: el.href || null,
        cls: String(el.className || ''),
        top: el.matches('.site-nav > ul > li > a'),
        main: !!el.closest('main') && !el.closest('.breadcrumbs'),
        ring: outline ? style.outlineColor
            : style.boxShadow !== 'none' ? style.boxShadow : null,
        behind: getComputedStyle(back || document.documentElement).backgroundColor,
        shown: box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0
            && box.left < innerWidth,
    };
}"""
MOST_TABS = 80  # the header, its menus and the search form take about 25
RING = 3  # WCAG 2.x non-text contrast (1.4.11) for a focus indicator


def hex_colour(css):
    """``#rrggbb`` from the first ``rgb(r, g, b)`` in a computed value."""
    r, g, b = map(int, re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def invisible_focus(walk):
    """The stops in ``walk`` where a reader could not see what has focus."""
    return [
        stop
        for stop in walk
        if not stop["shown"]
        or not stop["ring"]
        or contrast(hex_colour(stop["ring"]), hex_colour(stop["behind"])) < RING
    ]


def tab_to_first_content_link(page):
    """Press Tab from the top until a link in the content (past the
    breadcrumbs) has focus, at most MOST_TABS times: each stop on the way."""
    walk = []
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        walk.append(page.evaluate(FOCUSED))
        if walk[-1]["main"] and walk[-1]["href"]:
            break
    return walk


def enter_goes_to(page, href):
    """Press Enter on the focused link: the browser goes to its ``href``."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == href


def walk_from_the_top(page, site, path):
    """Open ``path`` and Tab to its content's first link: every stop shows its
    focus, and the header's menu comes in order. The stops and the menu."""
    open_page(page, site, path)
    walk = tab_to_first_content_link(page)
    assert "skip-link" in walk[0]["cls"], walk[:2]
    assert not invisible_focus(walk), invisible_focus(walk)
    menu = page.eval_on_selector_all(
        ".site-nav > ul > li > a", "links => links.map(a => a.href)"
    )
    assert [stop["href"] for stop in walk if stop["top"]] == menu and len(menu) == 5
    assert walk[-1]["main"] and walk[-1]["href"], "no link in the content by Tab"
    return walk, menu


@pytest.mark.parametrize("name", [name for name in PAGES if "zh-" not in name])
def test_primary_links_work_by_keyboard(site, browser, name):
    """In light mode, then (what changes there: colours) the focus rings in dark."""
    path = PAGES[name]
    context = browser.new_context(color_scheme="light", viewport=DESKTOP)
    page = context.new_page()
    # The skip link: hidden until the first Tab shows it, and Enter on it
    # takes the next Tab into the content, past the header.
    open_page(page, site, path)
    hidden = page.eval_on_selector(".skip-link", "a => a.getBoundingClientRect()")
    assert hidden["x"] + hidden["width"] <= 0
    page.keyboard.press("Tab")
    assert "skip-link" in page.evaluate(FOCUSED)["cls"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")

    # Enter follows the content's first link, and a header link (a different
    # one from page to page).
    walk, menu = walk_from_the_top(page, site, path)
    enter_goes_to(page, walk[-1]["href"])
    which = list(PAGES).index(name) % len(menu)
    presses = [i for i, stop in enumerate(walk) if stop["top"]][which] + 1
    open_page(page, site, path)
    for _ in range(presses):
        page.keyboard.press("Tab")
    enter_goes_to(page, menu[which])

    page.emulate_media(color_scheme="dark")
    walk_from_the_top(page, site, path)
    context.close()


# Screenshots for docs/screenshots/README.md: what a reader sees. Taken when
# asked (HKAI_SCREENSHOTS names the folder), not on every run: they take time,
# and a machine with other fonts would rewrite every committed file.
SHOTS = {
    "home": "/",
    "sector": "/sectors/education/",
    "article": HERO_ARTICLE,
    "explore": "/explore/",
    "feeds": "/feeds/",
}
WIDTHS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
TALLEST = 3000  # px of a full page kept: the top of a long page says enough
SCREENSHOTS = os.environ.get("HKAI_SCREENSHOTS")


@pytest.mark.slow
@pytest.mark.skipif(
    not SCREENSHOTS,
    reason="takes docs/screenshots/ when asked: "
    "HKAI_SCREENSHOTS=docs/screenshots pytest -m slow tests/test_quality_browser.py",
)
def test_screenshots_of_the_main_pages(site, browser):
    """20 PNGs: five pages at phone and desktop width, light and dark, each
    as wide as its viewport, at most TALLEST high, in 256 colours."""
    folder = ROOT / SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    started = time.time()
    written = []
    for width, viewport in WIDTHS.items():
        for scheme in SCHEMES:
            context = browser.new_context(color_scheme=scheme, viewport=viewport)
            page = context.new_page()
            for name, path in SHOTS.items():
                assert page.goto(site.url + path).status == 200, path
                height = page.evaluate("() => document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, **viewport, "height": min(height, TALLEST)}
                target = folder / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=target, full_page=True, clip=clip)
                written.append((target, viewport["width"]))
            context.close()
    assert len(written) == 20
    for target, expected in written:
        assert target.stat().st_mtime >= started - 1, f"{target} not written"
        with Image.open(target) as image:
            assert image.format == "PNG" and image.width == expected, target
            small = image.convert("RGB").quantize(colors=256, dither=0)
        small.save(target, optimize=True)
