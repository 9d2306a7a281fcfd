"""The editors' admin: authors write drafts, only editors publish."""

import pytest
from django.urls import reverse

from articles.models import Article

from .factories import ArticleFactory, article_form

pytestmark = pytest.mark.django_db


def test_editor_publishes_through_the_form(client, editor, sectors):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form(sectors, author=editor.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="lantau-robots")
    assert article in Article.objects.published()
    assert article.featured
    assert sorted(article.tags.names()) == ["robots", "私隱"]


def test_author_cannot_publish_through_a_crafted_add(client, author, sectors):
    client.force_login(author)
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form(sectors, author=author.pk),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="lantau-robots")
    assert article.status == Article.Status.DRAFT
    assert not article.featured
    assert article not in Article.objects.published()


def test_author_cannot_publish_their_draft_through_a_crafted_change(
    client, author, sectors
):
    draft = ArticleFactory(draft=True, author=author, slug="lantau-robots")
    client.force_login(author)
    response = client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        article_form(sectors, author=author.pk, title="Retitled"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Retitled"  # the edit itself is kept
    assert draft.status == Article.Status.DRAFT


def test_author_does_not_see_the_publishing_fields(client, author):
    client.force_login(author)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="title"' in html
    assert 'name="status"' not in html
    assert 'name="featured"' not in html


def test_author_cannot_use_the_publish_action(client, author):
    draft = ArticleFactory(draft=True, author=author)
    client.force_login(author)
    changelist = reverse("admin:articles_article_changelist")
    assert "Publish selected" not in client.get(changelist).content.decode()
    client.post(
        changelist,
        {"action": "publish", "_selected_action": [draft.pk], "index": 0},
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_author_cannot_edit_a_published_article(client, author, sectors):
    live = ArticleFactory(author=author, title="Live title", slug="lantau-robots")
    client.force_login(author)
    url = reverse("admin:articles_article_change", args=[live.pk])
    response = client.post(
        url, article_form(sectors, author=author.pk, title="Hijacked")
    )
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Live title"


def test_editor_bulk_publishes_and_unpublishes(client, editor):
    drafts = [ArticleFactory(draft=True), ArticleFactory(draft=True)]
    scheduled = ArticleFactory(scheduled=True, status=Article.Status.DRAFT)
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    pks = [a.pk for a in [*drafts, scheduled]]

    client.post(changelist, {"action": "publish", "_selected_action": pks})
    assert set(Article.objects.published()) == set(drafts)
    scheduled.refresh_from_db()
    assert scheduled.status == Article.Status.PUBLISHED  # keeps its future date
    assert scheduled not in Article.objects.published()

    client.post(changelist, {"action": "unpublish", "_selected_action": pks})
    assert not Article.objects.published().exists()


def test_changelist_filters_and_search(client, editor, sectors):
    ArticleFactory(title="Tram sensors", sectors=[sectors[1]], tags=["trams"])
    ArticleFactory(title="Bank chatbots", sectors=[sectors[3]], draft=True)
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")

    by_status = client.get(changelist, {"status__exact": "draft"}).content.decode()
    assert "Bank chatbots" in by_status and "Tram sensors" not in by_status
    by_sector = client.get(changelist, {"sectors__id__exact": sectors[1].pk})
    assert "Tram sensors" in by_sector.content.decode()
    by_search = client.get(changelist, {"q": "chatbots"}).content.decode()
    assert "Bank chatbots" in by_search and "Tram sensors" not in by_search


def test_change_form_links_to_the_live_article(client, editor):
    live = ArticleFactory()
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_change", args=[live.pk])).content
    assert b"View on site" in html


def test_sector_admin_shows_published_counts(client, editor, sectors):
    ArticleFactory(sectors=[sectors[0]])
    ArticleFactory(sectors=[sectors[0]], draft=True)
    client.force_login(editor)
    response = client.get(reverse("admin:sectors_sector_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_list.get(pk=sectors[0].pk).article_count == 1
