"""The reading layout as a browser draws it (Playwright driving Debian's
Chromium, headless; never a downloaded browser): a readable line length,
dark mode that keeps text legible, and printing that keeps only the article
with its links' addresses. One gunicorn worker serving the demo content."""

import re
import subprocess
import sys

import pytest

from .browsers import MARKS
from .servers import ROOT, gunicorn, sqlite_site
from .test_layout import AA, contrast

pytestmark = MARKS
playwright = pytest.importorskip("playwright.sync_api")

SLUG = "pcpd-guidance-explained"
LINK = "https://www.pcpd.org.hk/english/resources_centre/publications/"
PARAGRAPH = (
    "Hong Kong's privacy commissioner has published guidance for organisations "
    "that deploy artificial intelligence, asking them to assess risks before they "
    "start and to keep people informed about how their personal data is used. "
) * 3
BODY = f"{PARAGRAPH}\n\nRead [the guidance]({LINK}) before you start."
ADD_ARTICLE = f"""
from django.contrib.auth.models import User
from articles.models import Article
Article.objects.create(
    title="PCPD guidance explained", slug={SLUG!r}, body={BODY!r},
    summary="What the privacy commissioner asks of AI projects.",
    author=User.objects.first(), status="published",
)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, static_root):
    tmp_path = tmp_path_factory.mktemp("layout-site")
    env = sqlite_site(tmp_path, DJANGO_STATIC_ROOT=str(static_root))
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", ADD_ARTICLE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    with gunicorn(tmp_path, workers=1, **env) as server:
        yield server


def rgb(css_colour):
    """``#rrggbb`` from a computed ``rgb(r, g, b)``."""
    r, g, b = map(int, re.findall(r"\d+", css_colour)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def colours(page, selector):
    """The computed text and background colours of the first match: the
    background of the nearest ancestor that has one."""
    return page.eval_on_selector(
        selector,
        """node => {
            let back = node;
            const clear = n =>
                getComputedStyle(n).backgroundColor === 'rgba(0, 0, 0, 0)';
            while (back && clear(back)) back = back.parentElement;
            return [getComputedStyle(node).color,
                    getComputedStyle(back || document.documentElement).backgroundColor];
        }""",
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_text_is_legible_in_both_schemes(site, browser, scheme):
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{site.url}/articles/{SLUG}/")
    for selector in [".prose p", ".lede", ".article .meta", ".prose a", ".brand"]:
        ink, background = map(rgb, colours(page, selector))
        assert contrast(ink, background) >= AA, (selector, ink, background)
    background = rgb(colours(page, "body")[1])
    assert (background == "#ffffff") == (scheme == "light")
    context.close()


# Characters per line, measured two ways: the width in ch (the "0" glyph),
# and the characters a real line of English holds before it wraps.
MEASURE = """p => {
    const probe = document.createElement('span');
    probe.style.whiteSpace = 'nowrap';
    probe.textContent = '0'.repeat(100);
    p.appendChild(probe);
    const ch = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const node = p.firstChild, range = document.createRange();
    const top = i => {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        return range.getBoundingClientRect().top;
    };
    let first = 0;
    while (first < node.length - 1 && top(first + 1) < top(0) + 2) first++;
    return [p.getBoundingClientRect().width / ch, first + 1];
}"""


def test_a_line_of_article_text_holds_60_to_75_characters(site, browser):
    """On a wide screen, the article's text still wraps at a readable line."""
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    page.goto(f"{site.url}/articles/{SLUG}/")
    in_ch, first_line = page.eval_on_selector(".prose p", MEASURE)
    assert 60 <= in_ch <= 75
    # With DejaVu Sans, the font Debian's Chromium draws with here: 74.
    assert 60 <= first_line <= 75
    context.close()


def test_printing_an_article_keeps_the_text_and_prints_link_addresses(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site.url}/articles/{SLUG}/")
    assert page.is_visible(".site-header")
    page.emulate_media(media="print")

    for gone in [
        ".site-nav",
        ".site-search",
        ".language-switch",
        ".site-footer",
        ".breadcrumbs",
        ".article__topics",
    ]:
        assert not page.is_visible(gone), gone
    assert page.is_visible(".article h1") and page.is_visible(".prose")
    after = page.eval_on_selector(
        ".prose a[href]", "a => getComputedStyle(a, '::after').content"
    )
    assert after == f'" ({LINK})"'
    pdf = page.pdf()  # prints at all, without error
    assert pdf.startswith(b"%PDF")

    page.goto(f"{site.url}/articles/")
    page.emulate_media(media="print")
    assert not page.is_visible(".filter-panel")
    assert not page.is_visible(".card .chips")
    context.close()


def test_the_heat_map_shades_differ_from_level_to_level(site, browser):
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{site.url}/explore/")
        shades = page.eval_on_selector_all(
            ".heat-legend__swatch",
            "nodes => nodes.map(n => getComputedStyle(n).backgroundColor)",
        )
        assert len(shades) >= 2 and len(set(shades)) == len(shades), shades
        for cell in page.query_selector_all("td.heat"):
            ink = rgb(cell.evaluate("n => getComputedStyle(n).color"))
            back = rgb(cell.evaluate("n => getComputedStyle(n).backgroundColor"))
            assert contrast(ink, back) >= AA, (scheme, ink, back)
        context.close()
