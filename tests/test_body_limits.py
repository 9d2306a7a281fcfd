"""A body built to be slow can neither lose an editor's save nor hold a worker:
too long or too complex is a form error that keeps the text, and the largest
body allowed saves. Speed itself is measured in bench/markdown.py."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from markdown_it import MarkdownIt

from articles.importing import ImportRefused, read_article
from articles.models import Article
from articles.text import _markdown

from .factories import article_form
from .html import parse, text

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
DEMO = Path(__file__).resolve().parent.parent / "articles/demo/articles.json"


def errors(response):
    return " ".join(text(e) for e in parse(response).select(".errorlist"))


def kept_body(response):
    return parse(response).select_one("#id_body").get_text()


def test_a_body_over_the_maximum_is_a_form_error_that_keeps_the_text(
    client, editor, sectors, settings
):
    settings.MAX_BODY_CHARS = 5_000
    body = "A long report on Hong Kong's AI labs. " * 150  # 5,700 characters
    client.force_login(editor)
    response = client.post(ADD, article_form(sectors, body=body, author=editor.pk))
    assert response.status_code == 200
    assert "at most 5,000 are allowed" in errors(response)
    assert kept_body(response).strip() == body.strip()
    assert not Article.objects.exists()


def test_a_body_with_too_much_markup_is_a_form_error_that_keeps_the_text(
    client, editor, sectors
):
    body = "- a\n" * 40_000  # 160,000 characters: under the size, not the work
    client.force_login(editor)
    response = client.post(ADD, article_form(sectors, body=body, author=editor.pk))
    assert response.status_code == 200
    assert "too much formatting" in errors(response)
    assert kept_body(response).strip() == body.strip()
    assert not Article.objects.exists()


@pytest.mark.slow
def test_a_maximum_size_adversarial_body_saves(client, editor, sectors, settings):
    """Nesting 20 deep and beyond, long runs of markers, backticks and brackets
    that close nothing: as long as allowed, and saved, shown as Markdown."""
    head = (
        ">" * 500
        + " deep\n\n"
        + f"a {'*' * 2_000} b {'_' * 2_000} c {'[' * 2_000} d {'`' * 3_000}\n\n"
    )
    filler = (  # a paragraph as dense in markup as the demo articles'
        "Prose with a [link](https://example.hk) and *emphasis*. "
        + "Hong Kong's universities opened new laboratories this year. " * 5
        + "\n\n"
    )
    body = head + filler * ((settings.MAX_BODY_CHARS - len(head)) // len(filler))
    client.force_login(editor)
    response = client.post(
        ADD, article_form(sectors, body=body, author=editor.pk, status="published")
    )
    assert response.status_code == 302, errors(response)
    article = Article.objects.get()
    assert len(article.body) > settings.MAX_BODY_CHARS - len(filler)
    page = parse(client.get(article.get_absolute_url()))
    assert page.select_one("blockquote blockquote") is not None
    assert len(page.select("a[href='https://example.hk']")) > 500


def test_ordinary_markdown_renders_as_before():
    """The counting rules never match: every demo article, and a sample of
    each construct, renders exactly as markdown-it-py alone renders it."""
    plain = MarkdownIt("commonmark", {"linkify": False}).enable(
        ["table", "strikethrough"]
    )
    sample = (
        "## Labs\n\n> quoted *text*\n\n- one\n- [two](https://a.hk)\n\n"
        "| a | b |\n| - | :-: |\n| 1 | 2 |\n\n~~old~~ `code` <sup>2</sup>\n\n"
        "[ref]\n\n[ref]: https://b.hk 'title'\n\n1. x\n   > y\n\n```\ncode\n```\n"
    )
    bodies = [sample] + [a["body"] for a in json.loads(DEMO.read_text())]
    for body in bodies:
        assert _markdown.render(body) == plain.render(body)


def test_a_body_too_complex_saved_without_a_form_is_shown_as_plain_text(author):
    """Where no form stands in front (a script, a migration), the save still
    succeeds at once, and the text is kept, escaped, in paragraphs."""
    article = Article.objects.create(
        title="Lists", slug="lists", summary="s", body="- <b>\n" * 30_000, author=author
    )
    assert article.body_html.startswith("<p>- &lt;b&gt;\n- &lt;b&gt;")


def test_an_import_too_long_is_refused_with_a_message(settings):
    settings.MAX_BODY_CHARS = 1_000
    with pytest.raises(ImportRefused, match="at most 1,000"):
        read_article(("Title\n\n" + "Words and more words. " * 100).encode())


def test_an_import_too_complex_is_refused_with_a_message():
    with pytest.raises(ImportRefused, match="too much formatting"):
        read_article("# Title\n\n" + "- a\n" * 40_000, format="markdown")
