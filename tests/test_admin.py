"""The editors' admin: who may do what with an article, checked on the server
for every way in (the form, bulk actions, list_editable, "save as new",
crafted POSTs), and every state change logged with who made it."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, article_form
from .html import parse, text

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def move_url(article, status):
    return reverse("admin:articles_article_move", args=[article.pk, status])


def edit(article, sectors, **overrides):
    """What the change form posts, opened just now (its edit_version)."""
    article.refresh_from_db()
    fields = {"slug": article.slug, "seen_version": article.edit_version}
    return article_form(sectors, **{**fields, **overrides})


def errors(response):
    return " ".join(text(e) for e in parse(response).select(".errorlist, .errornote"))


def log_messages(article):
    return [
        (entry.user.username, entry.get_change_message())
        for entry in LogEntry.objects.filter(object_id=str(article.pk)).order_by("pk")
    ]


# Editors publish; authors write. -------------------------------------------------


def test_editor_publishes_through_the_form(client, editor, sectors):
    client.force_login(editor)
    response = client.post(ADD, article_form(sectors, author=editor.pk))
    assert response.status_code == 302, errors(response)
    article = Article.objects.get(slug="lantau-robots")
    assert article in Article.objects.published()
    assert article.featured
    assert sorted(t.name for t in article.tags.all()) == ["robots", "私隱"]
    assert ("editor", "Published") in log_messages(article)


def test_author_cannot_publish_through_a_crafted_add(client, author, sectors):
    client.force_login(author)
    response = client.post(ADD, article_form(sectors, author=author.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in errors(response)
    assert not Article.objects.exists()


def test_author_submits_a_new_article_for_review_under_their_own_name(
    client, author, editor, sectors
):
    client.force_login(author)
    response = client.post(
        ADD, article_form(sectors, status="review", author=editor.pk, featured="on")
    )
    assert response.status_code == 302, errors(response)
    article = Article.objects.get()
    assert (article.status, article.author, article.featured) == (
        "review",
        author,
        False,
    )
    assert ("author", "Submitted for review") in log_messages(article)


def test_author_does_not_see_the_editors_fields(client, author):
    client.force_login(author)
    form = parse(client.get(ADD)).select_one("#article_form")
    assert form.select_one('[name="title"]')
    for name in ("published_at_0", "featured", "author", "shared_with"):
        assert form.select_one(f'[name="{name}"]') is None, name
    choices = [o["value"] for o in form.select('select[name="status"] option')]
    assert choices == ["draft", "review"]


def test_author_edits_their_draft_but_cannot_publish_it_by_a_crafted_change(
    client, author, sectors
):
    draft = ArticleFactory(draft=True, author=author, slug="lantau-robots")
    client.force_login(author)
    crafted = client.post(change_url(draft), edit(draft, sectors, title="Retitled"))
    assert crafted.status_code == 200 and "Select a valid choice" in errors(crafted)
    response = client.post(
        change_url(draft), edit(draft, sectors, title="Retitled", status="draft")
    )
    assert response.status_code == 302, errors(response)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Retitled", "draft")


def test_author_cannot_touch_another_authors_draft(
    client, author, other_author, sectors
):
    theirs = ArticleFactory(draft=True, author=other_author, title="Not yours")
    client.force_login(author)
    assert "Not yours" not in client.get(CHANGELIST).content.decode()
    assert client.get(change_url(theirs)).status_code == 302  # "does not exist"
    client.post(change_url(theirs), edit(theirs, sectors, title="Hijacked"))
    theirs.refresh_from_db()
    assert theirs.title == "Not yours"


def test_author_edits_a_draft_an_editor_shared_with_them(
    client, author, other_author, sectors
):
    shared = ArticleFactory(draft=True, author=other_author, slug="lantau-robots")
    shared.shared_with.add(author)
    client.force_login(author)
    response = client.post(
        change_url(shared), edit(shared, sectors, title="Co-written", status="draft")
    )
    assert response.status_code == 302, errors(response)
    shared.refresh_from_db()
    assert (shared.title, shared.author) == ("Co-written", other_author)


def test_in_review_the_author_waits_or_withdraws(client, author, sectors):
    waiting = ArticleFactory(author=author, status="review", published_at=None)
    client.force_login(author)
    response = client.post(change_url(waiting), edit(waiting, sectors, status="draft"))
    assert response.status_code == 403
    response = client.post(
        move_url(waiting, "draft"), {"seen_version": waiting.edit_version}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "draft"
    assert ("author", "Returned to draft") in log_messages(waiting)


@pytest.mark.parametrize("status", ["published", "archived"])
def test_author_cannot_publish_or_archive_through_the_state_buttons(
    client, author, status
):
    draft = ArticleFactory(draft=True, author=author)
    client.force_login(author)
    response = client.post(
        move_url(draft, status), {"seen_version": draft.edit_version}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_state_button_from_a_stale_page_changes_nothing(client, editor):
    article = ArticleFactory()
    stale = article.edit_version
    article.title = "Saved by someone else"
    article.save()
    client.force_login(editor)
    client.post(move_url(article, "draft"), {"seen_version": stale})
    article.refresh_from_db()
    assert article.status == "published"


def test_bulk_actions_are_for_editors_only(client, author, editor):
    draft = ArticleFactory(draft=True, author=author)
    client.force_login(author)
    assert "Publish selected" not in client.get(CHANGELIST).content.decode()
    for action in ("publish", "archive"):
        client.post(CHANGELIST, {"action": action, "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_editor_bulk_publishes_unpublishes_and_archives_with_a_log(client, editor):
    drafts = [ArticleFactory(draft=True), ArticleFactory(status="review")]
    scheduled = ArticleFactory(scheduled=True, status="draft")
    client.force_login(editor)
    pks = [a.pk for a in [*drafts, scheduled]]

    client.post(CHANGELIST, {"action": "publish", "_selected_action": pks})
    assert set(Article.objects.published()) == set(drafts)
    scheduled.refresh_from_db()
    assert scheduled.status == "published"  # keeps its future date
    assert scheduled not in Article.objects.published()
    assert ("editor", log_messages(scheduled)[-1][1]) == log_messages(scheduled)[-1]
    assert log_messages(scheduled)[-1][1].startswith("Scheduled for")

    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": pks})
    assert not Article.objects.published().exists()
    client.post(CHANGELIST, {"action": "archive", "_selected_action": pks})
    assert set(Article.objects.values_list("status", flat=True)) == {"archived"}
    assert [message for _, message in log_messages(drafts[1])] == [
        "Published",
        "Unpublished",
        "Archived",
    ]


def _featured_post(article):
    return {
        "_save": "Save",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(article.pk),
        "form-0-featured": "on",
    }


def test_list_editable_featured_is_an_editors_choice(client, author, editor):
    mine = ArticleFactory(draft=True, author=author)
    client.force_login(author)
    client.post(CHANGELIST, _featured_post(mine))
    mine.refresh_from_db()
    assert not mine.featured

    client.force_login(editor)
    response = client.post(CHANGELIST, _featured_post(mine))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.featured


def test_save_as_new_by_an_author_is_their_own_draft(client, author, editor, sectors):
    original = ArticleFactory(draft=True, author=author, slug="lantau-robots")
    client.force_login(author)
    response = client.post(
        change_url(original),
        edit(
            original,
            sectors,
            _saveasnew="Save as new",
            slug="lantau-robots-2",
            status="draft",
            author=editor.pk,
            featured="on",
        ),
    )
    assert response.status_code == 302, errors(response)
    copy = Article.objects.get(slug="lantau-robots-2")
    assert (copy.author, copy.status, copy.featured) == (author, "draft", False)


def test_authors_cannot_list_users_through_the_author_autocomplete(
    client, author, editor
):
    url = reverse("admin:autocomplete")
    query = {"app_label": "articles", "model_name": "article", "field_name": "author"}
    client.force_login(author)
    assert client.get(url, query).status_code == 403
    client.force_login(editor)
    response = client.get(url, query)
    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} >= {"author", "editor"}


# How states show. -----------------------------------------------------------------


def test_a_scheduled_article_is_shown_as_scheduled(client, editor):
    when = timezone.now() + timedelta(days=3)
    scheduled = ArticleFactory(title="Embargoed", published_at=when)
    ArticleFactory(title="Already out")
    client.force_login(editor)
    rows = {
        text(row.select_one("th")): text(row.select_one(".field-state"))
        for row in parse(client.get(CHANGELIST)).select("#result_list tbody tr")
    }
    assert rows["Embargoed"].startswith("Scheduled for")
    assert rows["Already out"] == "Published"
    filtered = client.get(CHANGELIST, {"state": "scheduled"}).content.decode()
    assert "Embargoed" in filtered and "Already out" not in filtered
    public = client.get(CHANGELIST, {"state": "published"}).content.decode()
    assert "Already out" in public and "Embargoed" not in public
    form = parse(client.get(change_url(scheduled)))
    assert text(form.select_one("#editorial-heading")).startswith(
        "State: Scheduled for"
    )


def test_changelist_filters_and_search(client, editor, sectors):
    ArticleFactory(title="Tram sensors", sectors=[sectors[1]], tags=["trams"])
    ArticleFactory(title="Bank chatbots", sectors=[sectors[3]], draft=True)
    client.force_login(editor)

    by_state = client.get(CHANGELIST, {"state": "draft"}).content.decode()
    assert "Bank chatbots" in by_state and "Tram sensors" not in by_state
    by_sector = client.get(CHANGELIST, {"sectors__id__exact": sectors[1].pk})
    assert "Tram sensors" in by_sector.content.decode()
    by_search = client.get(CHANGELIST, {"q": "chatbots"}).content.decode()
    assert "Bank chatbots" in by_search and "Tram sensors" not in by_search


def test_view_on_site_is_the_preview_until_the_article_is_public(client, editor):
    draft = ArticleFactory(draft=True)
    live = ArticleFactory()
    client.force_login(editor)
    for article, target in [
        (draft, reverse("admin:articles_article_preview", args=[draft.pk])),
        (live, live.get_absolute_url()),
    ]:
        link = parse(client.get(change_url(article))).select_one("a.viewsitelink")
        assert link["href"] == target


def test_sector_admin_shows_published_counts(client, editor, sectors):
    ArticleFactory(sectors=[sectors[0]])
    ArticleFactory(sectors=[sectors[0]], draft=True)
    client.force_login(editor)
    response = client.get(reverse("admin:sectors_sector_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_list.get(pk=sectors[0].pk).article_count == 1
