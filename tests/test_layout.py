"""The reading layout (static/css/site.css) and the explore heat map: colours
that pass WCAG AA in light and dark schemes, a readable measure, a print
stylesheet for articles, and a matrix shaded by count with its legend."""

import re
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.charts import HeatScale

from .factories import ArticleFactory
from .html import parse, select_one, text

CSS = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
AA = 4.5  # WCAG 2.x, level AA, for normal text

# Text colour on background colour, as the stylesheet pairs them.
TEXT_PAIRS = [
    ("ink", "paper"),
    ("muted", "paper"),  # dates, counts, captions
    ("accent", "paper"),  # links
    ("ink", "tint"),  # header, filters, code
    ("muted", "tint"),  # footer
    ("accent", "tint"),  # links in the header and footer
    ("accent-ink", "accent"),  # the Subscribe button
    ("mark-ink", "mark-bg"),  # search hits
    ("muted", "heat-0"),  # the matrix's zeros
    *[("heat-ink", f"heat-{level}") for level in range(5)],
]


# A small CSS reader: enough for one hand-written stylesheet.


def blocks(css):
    """``[(prelude, body)]`` of the top-level rules of ``css``, comments out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules, depth, start, prelude = [], 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append((prelude, css[start:i]))
                start = i + 1
    return rules


def declarations(body):
    """``{property: value}`` of a rule's body."""
    pairs = (d.split(":", 1) for d in body.split(";") if ":" in d)
    return {name.strip(): value.strip() for name, value in pairs}


def custom_properties(media=None):
    """The ``--name`` colours of ``:root``: the default ones, or with those
    of an ``@media`` query (``"prefers-color-scheme: dark"``) laid over them."""
    rules = blocks(CSS)
    values = {}
    for prelude, body in rules:
        if prelude == ":root":
            values.update(declarations(body))
    if media:
        [inner] = [body for prelude, body in rules if media in prelude]
        for prelude, body in blocks(inner):
            if prelude == ":root":
                values.update(declarations(body))
    return {k[2:]: v for k, v in values.items() if k.startswith("--")}


def media_rules(media):
    """``[(selectors, {property: value})]`` inside ``@media <media>``."""
    [inner] = [body for prelude, body in blocks(CSS) if prelude == f"@media {media}"]
    return [(prelude, declarations(body)) for prelude, body in blocks(inner)]


def luminance(colour):
    """Relative luminance of a #rrggbb colour (WCAG 2.x)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other):
    light, dark = sorted([luminance(one), luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_matches_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("ink, background", TEXT_PAIRS, ids="/".join)
def test_text_colours_pass_wcag_aa(scheme, ink, background):
    colours = custom_properties(
        "prefers-color-scheme: dark" if scheme == "dark" else None
    )
    ratio = contrast(colours[ink], colours[background])
    assert ratio >= AA, f"{ink} on {background}: {ratio:.2f}"


def test_dark_mode_changes_every_colour_of_the_page():
    light, dark = custom_properties(), custom_properties("prefers-color-scheme: dark")
    for name in ["ink", "muted", "paper", "tint", "accent", "line", "mark-bg"]:
        assert dark[name] != light[name], name
    assert luminance(dark["paper"]) < luminance(dark["ink"])  # light on dark
    assert "light dark" in declarations(dict(blocks(CSS))[":root"])["color-scheme"]


def test_heat_levels_grow_darker_in_light_mode_and_lighter_in_dark_mode():
    light, dark = custom_properties(), custom_properties("prefers-color-scheme: dark")
    shades = [f"heat-{level}" for level in range(5)]
    light_steps = [luminance(light[s]) for s in shades]
    dark_steps = [luminance(dark[s]) for s in shades]
    assert light_steps == sorted(light_steps, reverse=True)
    assert dark_steps == sorted(dark_steps)


def test_long_text_keeps_a_readable_measure():
    """About 60–75 characters a line: a width in ch for the body and ledes."""
    rules = dict(blocks(CSS))
    measure = custom_properties()["measure"]
    assert re.fullmatch(r"(6\d|7[0-5])ch", measure), measure
    assert declarations(rules[".prose"])["max-width"] == "var(--measure)"
    assert declarations(rules[".article"])["max-width"] == "var(--measure)"
    assert re.fullmatch(r"(6\d|7[0-5])ch", declarations(rules[".lede"])["max-width"])


def test_headings_follow_one_type_scale():
    rules = dict(blocks(CSS))
    sizes = {h: declarations(rules[h])["font-size"] for h in ("h2", "h3", "h4")}
    assert sizes == {
        "h2": "var(--step-2)",
        "h3": "var(--step-1)",
        "h4": "var(--step-0)",
    }
    steps = custom_properties()
    scale = [float(steps[f"step-{n}"].removesuffix("rem")) for n in range(5)]
    assert scale == sorted(scale)
    assert all(1.2 <= big / small <= 1.3 for small, big in pairwise(scale))


def test_printing_leaves_the_article_and_its_link_addresses():
    rules = media_rules("print")
    hidden = {
        selector.strip()
        for selectors, props in rules
        if props.get("display", "").startswith("none")
        for selector in selectors.split(",")
    }
    for part in [
        ".site-nav",  # header navigation
        ".site-search",
        ".language-switch",
        ".site-footer",
        ".filter-panel",
        ".chips",
        ".site-header",
    ]:
        assert part in hidden, part
    after = dict(rules)[".prose a[href]::after"]
    assert after["content"] == '" (" attr(href) ")"'
    assert ".prose" not in hidden and ".article" not in hidden


# The explore heat map.


@pytest.mark.parametrize(
    "largest, counts, levels",
    [
        (4, [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]),
        (12, [0, 1, 3, 4, 6, 7, 9, 10, 12], [0, 1, 1, 2, 2, 3, 3, 4, 4]),
        (1, [0, 1], [0, 4]),
    ],
)
def test_a_count_gets_a_shade_by_its_share_of_the_largest(largest, counts, levels):
    scale = HeatScale(largest)
    assert [scale.level(n) for n in counts] == levels


def test_the_legend_gives_the_counts_of_each_shade():
    assert HeatScale(12).legend == [
        (0, 0, 0),
        (1, 1, 3),
        (2, 4, 6),
        (3, 7, 9),
        (4, 10, 12),
    ]
    assert HeatScale(2).legend == [(0, 0, 0), (2, 1, 1), (4, 2, 2)]
    assert HeatScale(0).legend == [(0, 0, 0)]


def _cells(response):
    """``{(sector, challenge): (number shown, shade)}`` of the matrix."""
    table = select_one(response, "table.matrix")
    challenges = [text(th) for th in table.select("thead th")][1:-1]
    cells = {}
    for row in table.select("tbody tr"):
        sector = text(row.find("th"))
        for challenge, cell in zip(challenges, row.select("td.heat"), strict=True):
            [shade] = [c for c in cell["class"] if c.startswith("heat--")]
            cells[sector, challenge] = (int(text(cell)), int(shade[6:]))
    return cells


@pytest.fixture
def crossings(sectors, challenges):
    """Four articles where sector 0 meets challenge 0, two at sector 1 ×
    challenge 1, one at sector 2 × challenge 0; the same in Chinese, halved."""
    for n, sector, challenge in [(4, 0, 0), (2, 1, 1), (1, 2, 0)]:
        for _ in range(n):
            ArticleFactory(
                sectors=[sectors[sector]], challenges=[challenges[challenge]]
            )
        for _ in range(n // 2):
            ArticleFactory(
                chinese=True,
                sectors=[sectors[sector]],
                challenges=[challenges[challenge]],
            )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, shades, legend",
    [
        (
            "en",
            {(0, 0): (4, 4), (1, 1): (2, 2), (2, 0): (1, 1)},
            ["0", "1", "2", "3", "4"],
        ),
        # Two at most: one is half the largest, level 2.
        ("zh-hant", {(0, 0): (2, 4), (1, 1): (1, 2)}, ["0", "1", "2"]),
    ],
)
def test_explore_shades_each_cell_by_its_count_with_a_legend(
    client, crossings, sectors, challenges, language, shades, legend
):
    with translation.override(language):
        response = client.get(reverse("sectors:explore"))
        expected = {
            (sectors[s].name, challenges[c].name): value
            for (s, c), value in shades.items()
        }

    cells = _cells(response)
    for cell, value in cells.items():
        assert value == expected.get(cell, (0, 0)), cell
    assert len(cells) == len(sectors) * len(challenges)

    items = parse(response).select(".heat-legend li")
    assert [text(li) for li in items] == legend
    swatches = [li.select_one(".heat-legend__swatch")["class"][1] for li in items]
    assert swatches[0] == "heat--0" and swatches[-1] == "heat--4"
    table = select_one(response, "table.matrix")
    title = select_one(response, f"#{table['aria-describedby']}")
    assert text(title) == (
        "The darker a cell, the more articles it holds:"
        if language == "en"
        else "格子顏色越深，文章越多："
    )


@pytest.mark.django_db
def test_a_legend_with_ranges_reads_in_both_languages(client, sectors, challenges):
    for _ in range(12):
        ArticleFactory(sectors=[sectors[0]], challenges=[challenges[0]])
        ArticleFactory(chinese=True, sectors=[sectors[0]], challenges=[challenges[0]])

    english = client.get(reverse("sectors:explore"))
    with translation.override("zh-hant"):
        chinese = client.get(reverse("sectors:explore"))

    assert [text(li) for li in parse(english).select(".heat-legend li")] == [
        "0",
        "1 to 3",
        "4 to 6",
        "7 to 9",
        "10 to 12",
    ]
    assert [text(li) for li in parse(chinese).select(".heat-legend li")][-1] == (
        "10 至 12"
    )
