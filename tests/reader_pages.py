"""The page types a reader meets, in both editions, as the quality checks
visit them (the Nu Html Checker in tests/test_html_validity.py, Lighthouse in
bench/lighthouse.py): one address of each, on the demo content.

One list, so the two checks and docs/quality.md name the same pages. Each
address is one the demo is known to fill: the article has a hero image, the
filtered list and the search find articles, and the 404 is a real miss.
"""

from urllib.parse import quote

# The demo's pictured article (articles/management/commands/_pictures.py),
# and its translation.
ARTICLE_EN = "generative-ai-classrooms-exam-season"
ARTICLE_ZH = "生成式人工智能-學校重新思考功課"

# name: (English path, Traditional Chinese path, expected status)
PAGES = {
    "home": ("/", "/zh-hant/", 200),
    "sector": ("/sectors/healthcare/", "/zh-hant/sectors/healthcare/", 200),
    "challenge": (
        "/challenges/data-privacy/",
        "/zh-hant/challenges/data-privacy/",
        200,
    ),
    "explore": ("/explore/", "/zh-hant/explore/", 200),
    "filtered list": (
        "/articles/?sector=healthcare&challenge=data-privacy",
        "/zh-hant/articles/?sector=healthcare&challenge=data-privacy",
        200,
    ),
    "article": (f"/articles/{ARTICLE_EN}/", f"/zh-hant/articles/{ARTICLE_ZH}/", 200),
    "tag": ("/tags/exam-season/", "/zh-hant/tags/考試/", 200),
    "author": ("/authors/newsroom/", "/zh-hant/authors/newsroom/", 200),
    "about": ("/about/", "/zh-hant/about/", 200),
    "search": ("/search/?q=privacy", "/zh-hant/search/?q=私隱", 200),
    "404": ("/no-such-page/", "/zh-hant/no-such-page/", 404),
}


def address(path):
    """``path`` as it goes on the wire: non-ASCII characters percent-encoded."""
    return quote(path, safe="/?&=%")


def pages(editions=("en", "zh-hant")):
    """``(label, path, status)`` for every page type in each of ``editions``."""
    column = {"en": 0, "zh-hant": 1}
    return [
        (f"{name} ({edition})", address(paths[column[edition]]), paths[2])
        for edition in editions
        for name, paths in PAGES.items()
    ]
