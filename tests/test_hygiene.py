"""Ordinary input never looks like an outage: text and dates are cleaned and
checked where they enter, and whatever the database holds, pages and feeds
stay valid."""

import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import (
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    transaction,
)
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Tag
from hkai.views import server_error
from sectors.models import Challenge, Sector

from .factories import ArticleFactory, article_form
from .html import parse, text

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
HONG_KONG = ZoneInfo("Asia/Hong_Kong")


def errors(response):
    return " ".join(text(e) for e in parse(response).select(".errorlist"))


# Tags: one tag per name, whatever its width or case. --------------------------


@pytest.mark.parametrize(
    "first, second",
    [
        ("AI", "ＡＩ"),
        ("ＡＩ", "AI"),
        ("Research", "RESEARCH"),
        ("research", "Research"),
    ],
)
def test_a_tag_typed_in_another_width_or_case_is_the_same_tag(
    client, editor, sectors, first, second
):
    client.force_login(editor)
    for n, tags in enumerate([first, second]):
        response = client.post(
            ADD, article_form(sectors, slug=f"story-{n}", tags=tags, author=editor.pk)
        )
        assert response.status_code == 302, errors(response)
    (tag,) = Tag.objects.all()
    assert tag.name == first.replace("ＡＩ", "AI")  # the first spelling, folded
    assert tag.tagged_articles.count() == 2


def test_three_spellings_of_research_are_one_public_tag(client):
    for spelling in ["research", "Research", "RESEARCH"]:
        ArticleFactory(tags=[spelling])
    tags = parse(client.get(reverse("articles:tag_list"))).select(".tag-cloud li")
    assert [text(li) for li in tags] == ["research 3"]


def test_case_outside_ascii_is_folded_too():
    ArticleFactory(tags=["Économie"])
    ArticleFactory(tags=["ÉCONOMIE", "économie"])
    assert list(Tag.objects.values_list("name", flat=True)) == ["Économie"]


def test_an_overlong_tag_is_a_form_error_that_keeps_the_text(client, editor, sectors):
    client.force_login(editor)
    response = client.post(
        ADD,
        article_form(
            sectors, tags=f"robots, {'x' * 101}", body="Three hours of work.", author=""
        ),
    )
    assert response.status_code == 200
    assert "at most 100 characters" in errors(response)
    assert "Three hours of work." in text(parse(response).select_one("#id_body"))
    assert not Article.objects.exists()


def test_a_title_that_grows_when_normalised_is_a_form_error(client, editor, sectors):
    # U+0958 is two characters once normalised (NFC): 200 become 400.
    client.force_login(editor)
    response = client.post(ADD, article_form(sectors, title="\u0958" * 200))
    assert response.status_code == 200
    assert "at most 200 characters" in errors(response)


def test_renaming_a_tag_into_another_ones_name_is_a_form_error(client, editor):
    ArticleFactory(tags=["Research"])
    robots = ArticleFactory(tags=["Robots"]).tags.get()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_tag_change", args=[robots.pk]),
        {"name": "ＲＥＳＥＡＲＣＨ"},
    )
    assert response.status_code == 200
    assert "exists already" in errors(response)
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Research", "Robots"]


def test_invisible_and_direction_characters_never_reach_a_title_or_tag():
    article = ArticleFactory(
        title="Smart\u202e lamp\u200bposts\n and you", tags=["lamp\u200bposts\u2066"]
    )
    article.refresh_from_db()
    assert article.title == "Smart lampposts and you"
    assert article.tags.get().name == "lampposts"


# A database error that is not a lost connection is a bug, not an outage. ------


@pytest.mark.parametrize(
    "error, status",
    [
        (OperationalError("connection refused"), 503),
        (InterfaceError("connection already closed"), 503),
        (IntegrityError("duplicate key"), 500),
        (DataError("value too long"), 500),
    ],
)
def test_only_a_lost_connection_is_shown_as_an_outage(rf, error, status):
    try:
        raise error
    except Exception:
        response = server_error(rf.get("/"))
    assert response.status_code == status
    page = response.content.decode()
    assert ("cannot reach its database" in page) == (status == 503)


# Valid HTML dates, whatever the stored precision. ----------------------------

# HTML's "valid global date and time string": at most three decimals; or a
# "valid month string" (the monthly charts' months).
HTML_DATETIME = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)"
    r"|\d{4}-(0[1-9]|1[0-2])"
)


def test_time_elements_carry_valid_html_datetimes(client, sectors):
    article = ArticleFactory(
        sectors=[sectors[0]],
        published_at=datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC),
    )
    Article.objects.filter(pk=article.pk).update(
        updated_at=timezone.now() + timedelta(days=2, microseconds=123456)
    )
    for url in [
        reverse("home"),
        reverse("articles:list"),
        sectors[0].get_absolute_url(),
        article.get_absolute_url(),
    ]:
        times = parse(client.get(url)).select("time[datetime]")
        assert times, url
        for time in times:
            assert HTML_DATETIME.fullmatch(time["datetime"]), (url, time["datetime"])
    detail = parse(client.get(article.get_absolute_url())).select("time[datetime]")
    assert detail[0]["datetime"] == "2026-03-04T13:06:07+08:00"
    assert len(detail) == 2  # published, and updated


# Text in sectors, challenges, tags and names is cleaned; feeds stay valid. ----


def test_topic_names_are_cleaned_where_they_enter(client, editor, sectors):
    client.force_login(editor)
    response = client.post(
        reverse("admin:sectors_sector_change", args=[sectors[0].pk]),
        {
            "name_en": "Edu\x0bcation\u202e",
            "summary_en": "Schools\x08 and universities.",
            "description_en": "Line one.\x0c\nLine two.",
            "name_zh_hant": "教\u200b育",
            "summary_zh_hant": "中小學\x08和大學。",
            "description_zh_hant": "",
            "slug": sectors[0].slug,
            "order": 0,
        },
    )
    assert response.status_code == 302, errors(response)
    sectors[0].refresh_from_db()
    assert (sectors[0].name, sectors[0].summary) == (
        "Education",
        "Schools and universities.",
    )
    assert sectors[0].description == "Line one.\nLine two."
    # Each language's text is cleaned alike.
    assert (sectors[0].name_zh_hant, sectors[0].summary_zh_hant) == (
        "教育",
        "中小學和大學。",
    )


def test_control_characters_in_the_database_never_break_a_feed(client, sectors):
    """Raw updates bypass every form and save(): the feeds clean on output."""
    challenge = Challenge.objects.first()
    article = ArticleFactory(
        sectors=[sectors[0]], challenges=[challenge], tags=["cctv"]
    )
    Sector.objects.filter(pk=sectors[0].pk).update(name="Edu\x0bcation")
    Challenge.objects.filter(pk=challenge.pk).update(name="Pri\x08vacy")
    Tag.objects.update(name="cc\x1ftv")
    get_user_model().objects.filter(pk=article.author_id).update(first_name="New\x01s")
    urls = [
        reverse("feeds:site", kwargs={"fmt": fmt}) for fmt in ("rss", "atom", "json")
    ] + [
        reverse("feeds:sector", kwargs={"slug": sectors[0].slug, "fmt": fmt})
        for fmt in ("rss", "atom")
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith("json/"):
            item = json.loads(response.content)["items"][0]
            assert "Education" in item["tags"], url
        else:
            feed = feedparser.parse(response.content)
            assert feed.bozo == 0, (url, feed.get("bozo_exception"))
            terms = {tag.term for tag in feed.entries[0].tags}
            assert {"Education", "Privacy", "cctv"} <= terms, url
    assert client.get(sectors[0].get_absolute_url()).status_code == 200


# Dates: a sane range, checked in the form, the model and the database. --------


@pytest.mark.parametrize("day", ["0001-01-01", "1989-12-31", "9999-12-31"])
def test_an_impossible_date_is_a_form_error_that_keeps_the_text(
    client, editor, sectors, day
):
    client.force_login(editor)
    response = client.post(
        ADD,
        article_form(
            sectors, published_at_0=day, published_at_1="00:00", body="Keep me."
        ),
    )
    assert response.status_code == 200
    assert "Give a date between 1990 and" in errors(response)
    assert "Keep me." in text(parse(response).select_one("#id_body"))
    assert not Article.objects.exists()


def test_model_validation_refuses_year_one():
    article = ArticleFactory.build(
        published_at=datetime(1, 1, 1, tzinfo=HONG_KONG), author=None
    )
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["author"])
    assert "published_at" in error.value.message_dict


def test_the_database_refuses_a_date_it_could_not_give_back():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            published_at=datetime(1800, 1, 1, tzinfo=UTC)
        )
    assert client_can_read(article)


def client_can_read(article):
    article.refresh_from_db()
    return article.published_at.year > 1900


@pytest.mark.parametrize("path", ["/articles/0001/", "/articles/1989/12/"])
def test_archives_before_the_first_year_are_404(client, path):
    ArticleFactory()
    assert client.get(path).status_code == 404
