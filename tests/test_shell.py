"""The page shell (hkai/shell.py): the header's navigation and the footer,
kept by the process outside a transaction, as a server runs, and never
showing a sector or challenge as it no longer is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sectors.models import Challenge

from .html import parse

# Committed data, as a server sees it; the seeded topics come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def navigation(response):
    """The header's links, as a reader sees them."""
    return [a.get_text() for a in parse(response).select(".site-nav a")]


def topic_queries(queries):
    return [
        q["sql"]
        for q in queries
        if "sectors_sector" in q["sql"] or "sectors_challenge" in q["sql"]
    ]


def test_the_shell_is_kept_between_pages(client, sectors, challenges):
    with CaptureQueriesContext(connection) as first:
        about = client.get(reverse("pages:detail", kwargs={"slug": "about"}))
    with CaptureQueriesContext(connection) as second:
        again = client.get(reverse("pages:detail", kwargs={"slug": "contact"}))
    assert len(topic_queries(first)) == 2  # the sectors, the challenges
    assert topic_queries(second) == []
    assert navigation(again) == navigation(about)
    assert [s.name for s in sectors] == navigation(again)[1:6]
    assert again.content.decode().count('<footer class="site-footer">') == 1


def test_a_renamed_or_added_topic_shows_on_the_next_page(client, sectors):
    about = reverse("pages:detail", kwargs={"slug": "about"})
    client.get(about)
    sectors[0].name = "Schools and universities"
    sectors[0].save()
    Challenge.objects.create(
        name="Deepfakes", slug="deepfakes", summary="Faked faces.", order=9
    )

    links = navigation(client.get(about))
    assert "Schools and universities" in links
    assert "Deepfakes" in links
    assert "Education" not in links


def test_each_edition_keeps_its_own(client, sectors):
    client.get(reverse("pages:detail", kwargs={"slug": "about"}))
    with translation.override("zh-hant"):
        chinese = reverse("pages:detail", kwargs={"slug": "about"})
        names = [s.name for s in sectors]
    links = navigation(client.get(chinese))
    assert links[1:6] == names
    assert names[0] != sectors[0].name_en  # Chinese names, not the English kept
