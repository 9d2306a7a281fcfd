"""Invisible and direction-changing characters typed or pasted by an editor never
reach a title, a summary or a tag: readers see the clean text, and two tags
that differ only by such a character are one tag (hkai/text.py)."""

import pytest
from django.urls import reverse

from articles.importing import read_article, save_draft
from articles.models import Article, Tag
from hkai.text import clean_line, clean_text

from .factories import article_form
from .html import parse, text

ADD = reverse("admin:articles_article_add")
ZWJ, ZWNJ, LRM, RLO, PDI, SHY = "\u200d", "\u200c", "\u200e", "\u202e", "\u2069", "\xad"
CODER = f"{chr(0x1F469)}{ZWJ}{chr(0x1F4BB)}"  # woman technologist: an emoji sequence


@pytest.mark.django_db
def test_an_editor_types_invisible_characters_and_readers_see_clean_text(
    client, editor, sectors
):
    client.force_login(editor)
    for n, (title, tags) in enumerate(
        [
            (
                f"Smart{RLO} lamp{ZWJ}posts{LRM} in Sha{SHY} Tin",
                f"A{ZWJ}I, ro{ZWNJ}bots",
            ),
            ("Robots at the airport", f"AI{LRM}, {RLO}robots{PDI}"),
        ]
    ):
        response = client.post(
            ADD,
            article_form(
                sectors,
                title=title,
                slug=f"story-{n}",
                summary=f"Lamp{ZWJ}posts{PDI}.",
                tags=tags,
                author=editor.pk,
            ),
        )
        assert response.status_code == 302
    article = Article.objects.get(slug="story-0")
    page = parse(client.get(article.get_absolute_url()))
    assert text(page.select_one("h1")) == "Smart lampposts in Sha Tin"
    assert article.summary == "Lampposts."
    cloud = parse(client.get(reverse("articles:tag_list"))).select(".tag-cloud li")
    assert sorted(text(li) for li in cloud) == ["AI 2", "robots 2"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["AI", "robots"]


@pytest.mark.parametrize(
    "typed, kept",
    [
        (f"Coders {CODER}", "emoji sequence"),
        (f"\u0645\u06cc{ZWNJ}\u062e\u0648\u0627\u0647\u0645", "Persian word"),
        (f"\u0915\u094d{ZWJ}\u0937", "Devanagari conjunct"),
        (
            "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
            "flag",
        ),
    ],
)
def test_joiners_stay_where_they_join(typed, kept):
    assert clean_line(typed) == typed, kept


def test_a_body_loses_direction_controls_but_keeps_line_break_hints():
    body = f"{RLO}Reversed?{PDI} long\u200burl, hy{SHY}phen, {CODER}"
    assert clean_text(body) == f"Reversed? long\u200burl, hy{SHY}phen, {CODER}"


@pytest.mark.django_db
def test_an_imported_article_with_a_hidden_joiner_in_a_tag_files_under_the_tag(
    author,
):
    Article.objects.create(
        title="First", slug="first", summary="s", body="b", author=author
    ).tags.add("AI")
    imported = read_article(f"Robots{RLO} on Lantau\n\nThey sweep the beaches.")
    article, _suggestions = save_draft(imported, author, tags=[f"A{ZWJ}I{LRM}"])
    assert article.title == "Robots on Lantau"
    assert [tag.name for tag in article.tags.all()] == ["AI"]
    assert Tag.objects.count() == 1
