"""Every public page's headings form an outline a screen reader can walk: one
h1 first, and never a level skipped on the way down (h1 then h3)."""

import pytest

from .factories import ArticleFactory
from .html import parse, text
from .test_pages import _on, public_urls  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hant"]


@pytest.fixture
def pages(public_urls, sectors, challenges):  # noqa: F811 (the fixture above)
    """``{language: {route name: address}}``: public_urls in both editions, the
    Chinese one with a Chinese article of its own (same date, topics and tag)."""
    chinese = ArticleFactory(
        chinese=True,
        title="大嶼山的機械人",
        slug="大嶼山機械人",
        body="## 背景\n\n人工智能在香港。\n\n### 細節\n\n更多內容。",
        sectors=[sectors[0]],
        challenges=[challenges[0]],
        tags=["私隱"],
        published_at=_on(2025, 3, 14),
    )
    in_chinese = {name: f"/zh-hant{url}" for name, url in public_urls.items()}
    in_chinese["articles:detail"] = chinese.get_absolute_url()
    return {"en": public_urls, "zh-hant": in_chinese}


def outline(page):
    """``[(level, text)]`` of the page's headings, in document order."""
    return [
        (int(h.name[1]), text(h))
        for h in parse(page).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    ]


def skipped_levels(headings):
    """The headings that go more than one level deeper than the one before."""
    return [
        (before, heading)
        for before, heading in zip([(0, "")] + headings, headings, strict=False)
        if heading[0] > before[0] + 1
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_skips_a_heading_level(client, pages, language):
    for url in pages[language].values():
        response = client.get(url)
        assert response.status_code == 200, url
        headings = outline(response)
        assert headings[0][0] == 1, (url, headings)
        assert skipped_levels(headings) == [], (url, headings)
        assert parse(response).html["lang"].startswith(language[:2])


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_not_found_keeps_its_outline_too(client, language):
    prefix = "" if language == "en" else "/zh-hant"
    response = client.get(f"{prefix}/articles/no-such-article/")
    assert response.status_code == 404
    assert skipped_levels(outline(response)) == []


def test_the_outline_check_catches_a_skip():
    """h1 → h3 is reported; h1 → h2 → h3 → h2 → h3 is not."""
    page = "<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2><h3>e</h3><h1>f</h1><h3>g</h3>"
    assert skipped_levels(outline(page)) == [((1, "f"), (3, "g"))]
