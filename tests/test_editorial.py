"""Previews, shareable preview links, no lost updates, history and recovery."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, PreviewLink, Tag
from hkai.pagecache.models import ContentVersion

from .factories import ArticleFactory, article_form
from .html import form_fields, parse, text

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def open_form(client, url):
    """The fields of the article form as a browser would submit them."""
    return dict(form_fields(parse(client.get(url)).select_one("#article_form")))


def errors(response):
    return " ".join(text(e) for e in parse(response).select(".errorlist, .errornote"))


# Preview. ---------------------------------------------------------------------


def assert_is_a_preview(response, title):
    assert response.status_code == 200
    page = parse(response)
    assert text(page.select_one("main h1")) == title
    assert "Preview" in text(page.select_one(".preview-banner"))
    assert page.select_one('meta[name="robots"]')["content"].startswith("noindex")
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]


def test_authors_and_editors_preview_an_unpublished_article(
    client, author, editor, other_author
):
    draft = ArticleFactory(draft=True, author=author, title="Draft on trams")
    for user in (author, editor):
        client.force_login(user)
        assert_is_a_preview(client.get(preview_url(draft)), "Draft on trams")
    client.force_login(other_author)
    assert client.get(preview_url(draft)).status_code == 404
    client.logout()
    response = client.get(preview_url(draft))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get(draft.get_absolute_url()).status_code == 404  # still private


def test_unsaved_changes_preview_in_the_public_template_and_nothing_is_saved(
    client, author, sectors
):
    draft = ArticleFactory(draft=True, author=author, title="Saved title")
    version = ContentVersion.objects.current()
    client.force_login(author)
    fields = open_form(client, change_url(draft))
    fields.update(title="Unsaved title", body="## New section\n\nNew *words*.")
    response = client.post(preview_url(draft), fields)
    assert_is_a_preview(response, "Unsaved title")
    assert "unsaved" in text(parse(response).select_one(".preview-banner"))
    assert "<h2>New section</h2>" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Saved title"
    assert ContentVersion.objects.current() == version  # no cache heard of it


def test_a_new_article_can_be_previewed_before_its_first_save(client, author, sectors):
    client.force_login(author)
    response = client.post(
        reverse("admin:articles_article_preview"),
        article_form(sectors, status="draft", title="Never saved"),
    )
    assert_is_a_preview(response, "Never saved")
    assert not Article.objects.exists()


def test_a_preview_of_an_invalid_form_lists_what_to_fix(client, author, sectors):
    client.force_login(author)
    response = client.post(
        reverse("admin:articles_article_preview"),
        article_form(sectors, status="draft", title=""),
    )
    assert response.status_code == 200
    assert "Title: This field is required." in text(parse(response))
    assert not Article.objects.exists()


# Shareable preview links. ----------------------------------------------------


def share(client, article, days=7):
    response = client.post(
        reverse("admin:articles_article_share", args=[article.pk]), {"days": days}
    )
    assert response.status_code == 302
    return article.preview_links.latest("created_at")


def test_a_preview_link_opens_for_anyone_without_an_account(client, author):
    draft = ArticleFactory(draft=True, author=author, title="Embargoed report")
    client.force_login(author)
    link = share(client, draft, days=3)
    assert link.expires_at - timezone.now() > timedelta(days=2, hours=23)
    shown = parse(client.get(change_url(draft))).select(".editorial-share input")
    assert any(link.get_absolute_url() in i.get("value", "") for i in shown)

    reviewer = Client()  # a fresh browser, no session
    response = reviewer.get(link.get_absolute_url())
    assert_is_a_preview(response, "Embargoed report")
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("spoil", ["expired", "revoked", "forged", "tampered"])
def test_a_preview_link_stops_opening(client, author, spoil):
    draft = ArticleFactory(draft=True, author=author, title="Embargoed report")
    link = PreviewLink.objects.create(
        article=draft, created_by=author, expires_at=timezone.now() + timedelta(days=1)
    )
    url = link.get_absolute_url()
    if spoil == "expired":
        PreviewLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif spoil == "revoked":
        client.force_login(author)
        client.post(reverse("admin:articles_article_revoke", args=[draft.pk, link.pk]))
        client.logout()
    elif spoil == "forged":
        url = reverse("articles:shared_preview", kwargs={"token": "1:abc:def"})
    else:
        url = url.replace(url.split("/")[-2][:2], "Mj", 1)
    response = Client().get(url)
    assert response.status_code == 404
    assert "Embargoed report" not in response.content.decode()
    assert "no longer opens" in text(parse(response))


def test_only_editors_and_its_maker_revoke_a_link(client, author, other_author, editor):
    draft = ArticleFactory(draft=True, author=author)
    draft.shared_with.add(other_author)
    client.force_login(author)
    link = share(client, draft)
    revoke = reverse("admin:articles_article_revoke", args=[draft.pk, link.pk])
    client.force_login(other_author)
    assert client.post(revoke).status_code == 403
    client.force_login(editor)
    assert client.post(revoke).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_link_to_an_article_now_public_leads_to_its_page(client, author):
    article = ArticleFactory(draft=True, author=author)
    link = PreviewLink.objects.create(
        article=article, expires_at=timezone.now() + timedelta(days=1)
    )
    Article.objects.filter(pk=article.pk).publish()
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_previews_are_never_kept_by_the_page_cache(page_cache, author):
    with page_cache(execute=True):
        draft = ArticleFactory(draft=True, author=author, title="Embargoed report")
    link = PreviewLink.objects.create(
        article=draft, expires_at=timezone.now() + timedelta(days=1)
    )
    reader = Client()
    for _ in range(2):
        response = reader.get(link.get_absolute_url())
        assert response.status_code == 200 and "X-Cache" not in response
    PreviewLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert reader.get(link.get_absolute_url()).status_code == 404


# No lost updates. ---------------------------------------------------------------


def test_the_second_of_two_editors_saving_the_same_version_is_refused(
    editor, other_editor, sectors
):
    article = ArticleFactory(title="Original", body="First paragraph.")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other_editor)
    first_form = open_form(first, change_url(article))
    second_form = open_form(second, change_url(article))
    assert first_form["seen_version"] == second_form["seen_version"]

    first_form.update(title="First editor's title", body="First paragraph, fixed.")
    assert first.post(change_url(article), first_form).status_code == 302

    second_form.update(title="Second editor's title", body="My own new paragraph.")
    refused = second.post(change_url(article), second_form)
    assert refused.status_code == 200
    page = parse(refused)
    message = errors(refused)
    assert editor.get_full_name() in message  # who
    assert "after you opened it" in message  # and when
    assert page.select_one("#id_title")["value"] == "Second editor's title"
    assert "My own new paragraph." in text(page.select_one("#id_body"))
    title_row = page.select_one(".editorial-conflict tr")  # theirs, then mine
    assert text(title_row.th) == "Title"
    assert [text(d) for d in title_row.select("del")] == ["First"]
    assert [text(i) for i in title_row.select("ins")] == ["Second"]
    article.refresh_from_db()
    assert article.title == "First editor's title"


def test_a_stale_form_cannot_republish_what_an_editor_unpublished(
    client, editor, other_editor
):
    article = ArticleFactory(title="Withdrawn story")
    stale = Client()
    stale.force_login(other_editor)
    form = open_form(stale, change_url(article))
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert stale.post(change_url(article), form).status_code == 200
    article.refresh_from_db()
    assert article.status == "draft"


# History and recovery. -------------------------------------------------------------


def save_through_the_admin(client, article, **changes):
    fields = open_form(client, change_url(article))
    fields.update(changes)
    response = client.post(change_url(article), fields)
    assert response.status_code == 302, errors(response)


def versions(article):
    return list(Version.objects.get_for_object(article))  # newest first


def test_every_save_keeps_a_revision_with_who_and_a_readable_diff(client, editor):
    article = ArticleFactory(title="First title", body="One.\n\nTwo.")
    client.force_login(editor)
    save_through_the_admin(client, article, title="Second title")
    save_through_the_admin(client, article, body="One.\n\nTwo, changed.")
    newest, older = versions(article)
    assert newest.revision.user == editor
    history = parse(
        client.get(reverse("admin:articles_article_history", args=[article.pk]))
    )
    assert len(history.select('input[name="from"]')) == 2

    compare = reverse("admin:articles_article_compare", args=[article.pk])
    page = parse(client.get(compare, {"from": older.pk, "to": newest.pk}))
    rows = {text(row.th): row.select_one("td") for row in page.select("table tr")}
    assert text(rows["Title"]) == "unchanged"
    assert [text(d) for d in rows["Body"].select("del")] == ["Two."]
    assert [text(i) for i in rows["Body"].select("ins")] == ["Two, changed."]
    assert client.get(compare, {"from": "x", "to": "1"}).status_code == 404


def test_revert_to_a_revision(client, editor):
    article = ArticleFactory(title="Good title", tags=["trams"])
    client.force_login(editor)
    save_through_the_admin(client, article, title="Bad title", tags="buses")
    save_through_the_admin(client, article, title="Worse title")
    good = versions(article)[-1]
    revision_url = reverse(
        "admin:articles_article_revision", args=[article.pk, good.pk]
    )
    fields = dict(
        form_fields(parse(client.get(revision_url)).select_one("#article_form"))
    )
    assert fields["title"] == "Bad title"  # the first admin save
    response = client.post(revision_url, fields)
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.title == "Bad title"
    assert [t.name for t in article.tags.all()] == ["buses"]


def test_a_deleted_article_is_recovered_from_the_admin(client, editor):
    article = ArticleFactory(title="Deleted by mistake", tags=["私隱"])
    client.force_login(editor)
    save_through_the_admin(client, article, title="Deleted by mistake")
    pk = article.pk
    delete = reverse("admin:articles_article_delete", args=[pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=pk).exists()

    recover_list = parse(client.get(reverse("admin:articles_article_recoverlist")))
    rows = recover_list.select("#change-history tbody tr")
    (row,) = [row for row in rows if "Deleted by mistake" in text(row)]
    href = row.select_one("a")["href"]
    form = parse(client.get(href)).select_one("#article_form")
    assert client.post(href, dict(form_fields(form))).status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert [t.name for t in recovered.tags.all()] == ["私隱"]


def test_authors_recover_nothing_and_see_only_their_history(
    client, author, other_author
):
    theirs = ArticleFactory(draft=True, author=other_author)
    client.force_login(author)
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 403
    history = reverse("admin:articles_article_history", args=[theirs.pk])
    assert client.get(history).status_code == 404


def test_sectors_challenges_and_tags_keep_history(client, editor, sectors, challenges):
    client.force_login(editor)
    sector_url = reverse("admin:sectors_sector_change", args=[sectors[0].pk])
    fields = dict(
        form_fields(parse(client.get(sector_url)).select_one("form#sector_form"))
    )
    fields["summary_en"] = "A new summary."
    assert client.post(sector_url, fields).status_code == 302
    assert Version.objects.get_for_object(sectors[0]).count() == 1
    tag = Tag.objects.create(name="Robots")
    tag_url = reverse("admin:articles_tag_change", args=[tag.pk])
    fields = dict(form_fields(parse(client.get(tag_url)).select_one("form#tag_form")))
    fields["name"] = "Robotics"
    assert client.post(tag_url, fields).status_code == 302
    assert Version.objects.get_for_object(tag).count() == 1


# Writing comfort. --------------------------------------------------------------------


def test_the_body_preview_is_the_public_renderer(client, author):
    url = reverse("admin:articles_article_markdown")
    client.force_login(author)
    response = client.post(url, {"body": "## Heading\n\n*ok* <script>x()</script>"})
    html = response.json()["html"]
    assert "<h2>Heading</h2>" in html and "<em>ok</em>" in html
    assert "<script" not in html
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"body": "x"}).status_code == 302  # to the login


def test_the_form_loads_the_writing_aids(client, author):
    client.force_login(author)
    page = parse(client.get(reverse("admin:articles_article_add")))
    assert page.select_one('script[src*="articles/editor"]')
    assert page.select_one("textarea#id_summary")["maxlength"] == "300"
    assert page.select_one("textarea#id_body")["data-markdown-url"] == reverse(
        "admin:articles_article_markdown"
    )


# The editors' dashboard. ------------------------------------------------------------


def test_the_admin_front_page_shows_what_needs_attention(
    client, editor, author, sectors
):
    ArticleFactory(title="Waiting for review", status="review", sectors=[sectors[0]])
    ArticleFactory(title="Out on Friday", scheduled=True, sectors=[sectors[0]])
    forgotten = ArticleFactory(title="Forgotten draft", draft=True, author=author)
    Article.objects.filter(pk=forgotten.pk).update(
        updated_at=timezone.now() - timedelta(days=31)
    )
    ArticleFactory(title="Fresh draft", draft=True, sectors=[sectors[0]])
    ArticleFactory(title="Live and filed", sectors=[sectors[0]])

    def panels(user):
        client.force_login(user)
        page = parse(client.get(reverse("admin:index")))
        return {
            panel["id"]: [text(a) for a in panel.select("li a")]
            for panel in page.select(".needs-attention__panel")
        }

    assert panels(editor) == {
        "attention-review": ["Waiting for review"],
        "attention-scheduled": ["Out on Friday"],
        "attention-stale": ["Forgotten draft"],
        "attention-unfiled": ["Forgotten draft"],
    }
    assert panels(author) == {  # their own only
        "attention-review": [],
        "attention-scheduled": [],
        "attention-stale": ["Forgotten draft"],
        "attention-unfiled": ["Forgotten draft"],
    }


def test_a_preview_link_keeps_its_address_and_older_links_still_open(client, author):
    draft = ArticleFactory(draft=True, author=author, title="Embargoed report")
    client.force_login(author)
    link = share(client, draft)
    assert link.get_absolute_url() == PreviewLink.objects.get().get_absolute_url()
    # A link handed out before addresses were stable (a timestamped token).
    older = reverse(
        "articles:shared_preview",
        kwargs={"token": signing.dumps(link.pk, salt=PreviewLink.SALT)},
    )
    assert_is_a_preview(Client().get(older), "Embargoed report")
