"""Tag care: merging and renaming tags with nothing lost, old addresses that
redirect permanently (tags and articles), and tags suggested while typing."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleRedirect, Tag, TaggedArticle, TagRedirect

from .factories import ArticleFactory, UserFactory, article_form
from .html import form_fields, parse, select_one, text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_tag_changelist")
MERGE = reverse("admin:articles_tag_merge")
SUGGEST = reverse("admin:articles_tag_suggest")


def tag_url(slug, fmt=None):
    if fmt is None:
        return reverse("articles:tag_detail", kwargs={"slug": slug})
    if fmt == "rss":
        return reverse("feeds:tag", kwargs={"slug": slug})
    return reverse("feeds:tag", kwargs={"slug": slug, "fmt": fmt})


def tagged(name):
    """The titles of the articles that carry the tag ``name``, sorted."""
    return sorted(
        Article.objects.filter(tags__name=name).values_list("title", flat=True)
    )


def tag_names(article):
    return sorted(tag.name for tag in article.tags.all())


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def robots():
    """Three tags for one topic: "Robotics" (3 articles), "Robots" (2, one
    shared with Robotics) and "機械人" (1, a draft)."""
    return {
        "one": ArticleFactory(title="One", tags=["Robotics"]),
        "two": ArticleFactory(title="Two", tags=["Robotics", "Robots"]),
        "three": ArticleFactory(title="Three", tags=["Robotics"]),
        "four": ArticleFactory(title="Four", tags=["Robots"]),
        "draft": ArticleFactory(title="Draft", draft=True, tags=["機械人"]),
    }


def tag(name):
    return Tag.objects.get(name=name)


def merge(client, keep, *others):
    """Confirm a merge on the admin's merge page."""
    tags = [tag(name) for name in (keep, *others)]
    return client.post(MERGE, {"tags": [t.pk for t in tags], "keep": tags[0].pk})


# Merging ----------------------------------------------------------------------


def test_the_merge_action_asks_for_confirmation_with_counts(editor_client, robots):
    response = editor_client.post(
        CHANGELIST,
        {
            "action": "merge",
            "_selected_action": [tag(n).pk for n in ("Robots", "Robotics", "機械人")],
        },
    )
    assert response.status_code == 200
    assert Tag.objects.count() == 3  # nothing merged yet
    rows = [
        [text(cell) for cell in row("td")[1:]]
        for row in parse(response).select("#merge-tags tbody tr")
    ]
    assert rows == [  # most used first, with every article and the published ones
        ["Robotics", tag_url("robotics"), "3", "3"],
        ["Robots", tag_url("robots"), "2", "2"],
        ["機械人", tag_url("機械人"), "1", "0"],
    ]
    checked = select_one(response, "#merge-tags input[checked]")
    assert checked["value"] == str(tag("Robotics").pk)  # the most used is kept
    assert "on 5 articles (4 published)" in text(select_one(response, ".merge-summary"))

    # Confirming submits the page's own form, as a browser would.
    form = select_one(response, "form#merge-form")
    confirmed = editor_client.post(form["action"], dict_of_lists(form_fields(form)))
    assert confirmed.status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["Robotics"]


def dict_of_lists(fields):
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def test_merging_keeps_every_article_tagged_once(editor_client, robots):
    response = merge(editor_client, "Robotics", "Robots", "機械人")
    assert response.status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["Robotics"]
    assert tagged("Robotics") == ["Draft", "Four", "One", "Three", "Two"]
    for article in robots.values():
        assert tag_names(article) == ["Robotics"]
    assert TaggedArticle.objects.count() == 5  # "Two" had both: it keeps one
    assert Tag.objects.in_use().get().article_count == 4  # the draft is not public


def test_the_tag_kept_may_be_the_smaller_one(editor_client, robots):
    merge(editor_client, "Robots", "Robotics")
    assert tagged("Robots") == ["Four", "One", "Three", "Two"]
    assert tag("Robots").slug == "robots"


@pytest.mark.parametrize("fmt", [None, "rss", "atom", "json"])
def test_a_merged_tags_page_and_feeds_redirect_permanently(
    client, editor_client, robots, fmt
):
    merge(editor_client, "Robotics", "Robots")
    response = client.get(tag_url("robots", fmt))
    assert response.status_code == 301
    assert response["Location"] == tag_url("robotics", fmt)
    assert client.get(response["Location"]).status_code == 200
    # Kept briefly by browsers and CDNs: the old slug may be taken again.
    assert "max-age=60" in response["Cache-Control"]


def test_a_chinese_tag_redirects_to_its_new_address(client, editor_client, robots):
    ArticleFactory(title="Five", tags=["私隱"])
    merge(editor_client, "Robotics", "私隱")
    for address in ["/tags/私隱/", "/tags/%E7%A7%81%E9%9A%B1/feed/atom/"]:
        response = client.get(address)
        assert response.status_code == 301
        assert response["Location"].startswith(tag_url("robotics"))


def test_a_redirect_keeps_the_page_number(client, editor_client, robots):
    merge(editor_client, "Robotics", "Robots")
    response = client.get(tag_url("robots") + "?page=1")
    assert response["Location"] == tag_url("robotics") + "?page=1"


@pytest.mark.parametrize("url_name", ["articles:list", "feeds:articles"])
def test_a_filter_on_a_merged_tag_redirects_too(
    client, editor_client, robots, sectors, url_name
):
    ArticleFactory(tags=["Robots"], sectors=[sectors[0]])
    merge(editor_client, "Robotics", "Robots")
    path = reverse(url_name)
    response = client.get(path, {"sector": sectors[0].slug, "tag": "robots"})
    assert response.status_code == 301
    assert response["Location"] == f"{path}?sector={sectors[0].slug}&tag=robotics"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("junk", ["\x00", "robots\x00", "x" * 500, "%", "../"])
def test_a_junk_tag_filter_is_still_a_404(client, editor_client, robots, junk):
    merge(editor_client, "Robotics", "Robots")
    assert client.get(reverse("articles:list"), {"tag": junk}).status_code == 404


def test_chains_resolve_in_one_hop(client, editor_client, robots):
    ArticleFactory(tags=["Bots"])
    merge(editor_client, "Robots", "Bots")  # bots → robots
    merge(editor_client, "Robotics", "Robots")  # robots → robotics
    editor_client.post(
        reverse("admin:articles_tag_change", args=[tag("Robotics").pk]),
        {"name": "Robotics & AI", **empty_inline()},
    )  # robotics → robotics-ai
    for old in ["bots", "robots", "robotics"]:
        response = client.get(tag_url(old))
        assert (response.status_code, response["Location"]) == (
            301,
            tag_url("robotics-ai"),
        ), old


def test_the_admin_history_records_the_merge(editor_client, editor, robots):
    merge(editor_client, "Robotics", "Robots", "機械人")
    kept = tag("Robotics")
    (entry,) = LogEntry.objects.all()
    assert (entry.user, entry.action_flag, entry.object_id) == (
        editor,
        CHANGE,
        str(kept.pk),
    )
    assert entry.get_change_message() == (
        f"Merged tags “Robots” (slug robots; articles: {robots['two'].pk}, "
        f"{robots['four'].pk}); “機械人” (slug 機械人; articles: "
        f"{robots['draft'].pk}) into “Robotics”."
    )
    history = editor_client.get(reverse("admin:articles_tag_history", args=[kept.pk]))
    assert "Merged tags “Robots”" in history.content.decode()


def test_an_author_cannot_merge(client, author, robots):
    client.force_login(author)
    assert "Merge selected" not in client.get(CHANGELIST).content.decode()
    client.post(
        CHANGELIST,
        {"action": "merge", "_selected_action": [tag("Robots").pk, tag("Robotics").pk]},
    )
    url = f"{MERGE}?tags={tag('Robots').pk}&tags={tag('Robotics').pk}"
    assert client.get(url).status_code == 403
    assert merge(client, "Robotics", "Robots").status_code == 403
    assert Tag.objects.count() == 3
    assert not TagRedirect.objects.exists()


def test_merging_needs_two_tags_and_keeps_one_of_them(editor_client, robots):
    response = editor_client.get(f"{MERGE}?tags={tag('Robots').pk}", follow=True)
    assert "Choose at least two tags" in response.content.decode()
    response = editor_client.post(
        MERGE,
        {"tags": [tag("Robots").pk, tag("機械人").pk], "keep": tag("Robotics").pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in text(select_one(response, ".errorlist"))
    assert Tag.objects.count() == 3


def test_a_new_tag_that_takes_an_old_slug_is_served(client, editor_client, robots):
    merge(editor_client, "Robotics", "Robots")
    ArticleFactory(title="New robots", tags=["Robots"])
    response = client.get(tag_url("robots"))
    assert response.status_code == 200
    assert "New robots" in response.content.decode()
    assert not TagRedirect.objects.filter(old_slug="robots").exists()


def test_an_old_address_never_leads_to_a_tag_the_public_cannot_see(
    client, editor_client, robots
):
    ArticleFactory(draft=True, tags=["Secret project"])
    ArticleFactory(draft=True, tags=["Old name"])
    merge(editor_client, "Secret project", "Old name")
    assert client.get(tag_url("old-name")).status_code == 404


def test_the_tag_shows_its_old_addresses_and_can_still_be_deleted(
    client, editor_client, robots
):
    merge(editor_client, "Robotics", "Robots")
    change = reverse("admin:articles_tag_change", args=[tag("Robotics").pk])
    old = parse(editor_client.get(change)).select("td.field-old_slug")
    assert [text(cell) for cell in old] == ["robots"]
    delete = reverse("admin:articles_tag_delete", args=[tag("Robotics").pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not TagRedirect.objects.exists()
    assert client.get(tag_url("robots")).status_code == 404


def test_cached_pages_show_the_merge_at_once(client, editor_client, page_cache):
    with page_cache(execute=True):
        article = ArticleFactory(title="Cached", tags=["Robots"])
        ArticleFactory(title="Kept", tags=["Robotics"])
    pages = [article.get_absolute_url(), tag_url("robotics"), reverse("home")]
    for url in pages:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit"
    with page_cache(execute=True):
        merge(editor_client, "Robotics", "Robots")
    detail = client.get(article.get_absolute_url())
    assert detail["X-Cache"] == "miss"
    assert "Robotics" in text(parse(detail).select_one("main"))
    assert "Robots" not in text(parse(detail).select_one("main"))
    assert "Cached" in client.get(tag_url("robotics")).content.decode()
    assert client.get(tag_url("robots")).status_code == 301


def test_cached_pages_show_a_rename_at_once(client, editor_client, page_cache):
    with page_cache(execute=True):
        article = ArticleFactory(title="Cached", tags=["Robots"])
    client.get(article.get_absolute_url())
    with page_cache(execute=True):
        rename(editor_client, "Robots", "Robot arms")
    detail = client.get(article.get_absolute_url())
    assert detail["X-Cache"] == "miss"
    link = parse(detail).find("a", string="Robot arms")
    assert link["href"] == tag_url("robot-arms")


def test_the_tag_list_shows_counts_linked_to_the_articles(editor_client, robots):
    response = editor_client.get(CHANGELIST)
    rows = {
        text(row.select_one("th")): row.select_one("td.field-articles a")
        for row in parse(response).select("#result_list tbody tr")
    }
    assert {name: text(link) for name, link in rows.items()} == {
        "Robotics": "3",
        "Robots": "2",
        "機械人": "1",
    }
    articles = parse(editor_client.get(rows["Robots"]["href"]))
    titles = [text(a) for a in articles.select("#result_list tbody th a")]
    assert sorted(titles) == ["Four", "Two"]


# Renaming ---------------------------------------------------------------------


def empty_inline():
    """The management form of the tag's (read-only) old addresses."""
    prefix = "old_slugs"
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def rename(client, old, new):
    return client.post(
        reverse("admin:articles_tag_change", args=[tag(old).pk]),
        {"name": new, **empty_inline()},
    )


def test_renaming_into_an_existing_name_offers_the_merge(editor_client, robots):
    response = rename(editor_client, "Robots", "ＲＯＢＯＴＩＣＳ")
    assert response.status_code == 200
    error = select_one(response, ".errorlist")
    assert "The tag “Robotics” exists already." in text(error)
    assert sorted(Tag.objects.values_list("name", flat=True)) == [
        "Robotics",
        "Robots",
        "機械人",
    ]
    offer = editor_client.get(error.a["href"])
    assert offer.status_code == 200
    names = [
        text(c) for c in parse(offer).select("#merge-tags tbody tr td:nth-of-type(2)")
    ]
    assert names == ["Robotics", "Robots"]
    checked = select_one(offer, "#merge-tags input[checked]")
    assert checked["value"] == str(tag("Robotics").pk)


def test_without_leave_to_merge_a_rename_is_only_refused(client, robots):
    may_rename = UserFactory(username="renamer", is_staff=True)
    may_rename.user_permissions.set(
        Permission.objects.filter(codename__in=["view_tag", "change_tag"])
    )
    client.force_login(may_rename)
    response = rename(client, "Robots", "robotics")
    error = select_one(response, ".errorlist")
    assert "exists already" in text(error)
    assert error.a is None


def test_a_rename_moves_the_address_and_keeps_every_article(
    client, editor_client, robots
):
    response = rename(editor_client, "Robots", "Robot arms")
    assert response.status_code == 302
    renamed = Tag.objects.get(name="Robot arms")
    assert renamed.slug == "robot-arms"
    assert tagged("Robot arms") == ["Four", "Two"]
    response = client.get(tag_url("robots", "atom"))
    assert (response.status_code, response["Location"]) == (
        301,
        tag_url("robot-arms", "atom"),
    )


def test_a_change_of_case_or_width_keeps_the_address(editor_client, robots):
    assert rename(editor_client, "Robots", "ＲＯＢＯＴＳ").status_code == 302
    assert tag("ROBOTS").slug == "robots"
    assert not TagRedirect.objects.exists()


def test_renaming_back_serves_the_old_address_again(client, editor_client, robots):
    rename(editor_client, "Robots", "Robot arms")
    rename(editor_client, "Robot arms", "Robots")
    assert client.get(tag_url("robots")).status_code == 200
    assert client.get(tag_url("robot-arms"))["Location"] == tag_url("robots")


# Articles whose slug changes ---------------------------------------------------


def change_slug(client, article, slug, sectors, **overrides):
    data = article_form(
        sectors,
        slug=slug,
        author=article.author_id,
        seen_version=article.edit_version,  # the form as opened now
        **overrides,
    )
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_published_articles_old_address_redirects(client, editor_client, sectors):
    article = ArticleFactory(slug="lantau-robots")
    change_slug(editor_client, article, "大嶼山機械人", sectors)
    response = client.get("/articles/lantau-robots/")
    assert response.status_code == 301
    assert (
        response["Location"]
        == "/articles/%E5%A4%A7%E5%B6%BC%E5%B1%B1%E6%A9%9F%E6%A2%B0%E4%BA%BA/"
    )
    assert client.get(response["Location"]).status_code == 200


def test_a_drafts_slug_change_leaves_no_redirect(client, editor_client, sectors):
    draft = ArticleFactory(draft=True, slug="first-try")
    change_slug(editor_client, draft, "second-try", sectors, status="draft")
    assert not ArticleRedirect.objects.exists()
    assert client.get("/articles/first-try/").status_code == 404


def test_a_scheduled_articles_old_address_redirects_once_it_is_out(client):
    article = ArticleFactory(scheduled=True, slug="coming-soon")
    article.slug = "coming-next-week"
    article.save()
    assert client.get("/articles/coming-soon/").status_code == 404  # not out yet
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get("/articles/coming-soon/")["Location"] == (
        "/articles/coming-next-week/"
    )


def test_article_chains_resolve_and_a_slug_taken_back_is_served(client):
    article = ArticleFactory(slug="a")
    for slug in ["b", "c", "a"]:
        article.slug = slug
        article.save()
    assert client.get("/articles/a/").status_code == 200
    for old in ["/articles/b/", "/articles/c/"]:
        assert client.get(old)["Location"] == "/articles/a/"


def test_a_new_article_that_takes_an_old_slug_is_served(client):
    moved = ArticleFactory(slug="old-slug")
    moved.slug = "new-slug"
    moved.save()
    ArticleFactory(slug="old-slug", title="Newcomer")
    response = client.get("/articles/old-slug/")
    assert response.status_code == 200
    assert "Newcomer" in response.content.decode()


def test_an_unpublished_articles_old_address_is_404(client):
    article = ArticleFactory(slug="was-live")
    article.slug = "now-hidden"
    article.save()
    Article.objects.filter(pk=article.pk).unpublish()
    assert client.get("/articles/was-live/").status_code == 404


# Suggestions while typing ----------------------------------------------------


@pytest.fixture
def vocabulary():
    """Tags of different popularity, in several scripts."""
    for name, uses in [
        ("Robotics", 3),
        ("Robots", 5),
        ("Economics", 1),
        ("Économie", 2),
        ("私隱", 4),
        ("數據私隱", 1),
        ("Open data", 1),
        ("100%", 1),
    ]:
        for _ in range(uses):
            ArticleFactory(tags=[name])


def suggested(client, q):
    response = client.get(SUGGEST, {"q": q})
    assert response.status_code == 200
    return [result["name"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    "typed, names",
    [
        ("rob", ["Robots", "Robotics"]),  # most used first
        ("ROBOT", ["Robots", "Robotics"]),
        ("ｒｏｂ", ["Robots", "Robotics"]),  # full width, as a Chinese keyboard types
        ("私隱", ["私隱", "數據私隱"]),
        ("私", ["私隱", "數據私隱"]),
        ("économ", ["Économie"]),
        ("ÉCONOM", ["Économie"]),  # case outside ASCII, on SQLite too
        ("Open Data, 私", ["私隱", "數據私隱"]),  # only what follows the last comma
        ("Open Data，rob", ["Robots", "Robotics"]),  # a full-width comma too
        ('"open d', ["Open data"]),
        ("100%", ["100%"]),
        ("%", ["100%"]),  # a LIKE wildcard is a character here
        ("_", []),
        ("robots, ", []),
        ("", []),
        ("zzz", []),
    ],
)
def test_suggestions_match_what_is_typed(editor_client, vocabulary, typed, names):
    assert suggested(editor_client, typed) == names


def test_suggestions_give_counts_and_stop_at_ten(editor_client):
    for i in range(12):
        ArticleFactory(tags=[f"Tag {i:02}"])
    ArticleFactory(tags=["Tag 07"])
    results = editor_client.get(SUGGEST, {"q": "tag"}).json()["results"]
    assert len(results) == 10
    assert results[:2] == [{"name": "Tag 07", "uses": 2}, {"name": "Tag 00", "uses": 1}]


@pytest.mark.parametrize(
    "q",
    [
        "\x00",
        "a\x00b",
        "x" * 10_000,
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "\u202e\u200b",
        ",,,",
        '"""',
    ],
)
def test_hostile_input_is_never_an_error(editor_client, vocabulary, q):
    response = editor_client.get(SUGGEST, {"q": q})
    if "\x00" in q:  # no admin address takes one (hkai/refusals.py)
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_a_malformed_query_string_is_not_an_error(editor_client, vocabulary):
    response = editor_client.get(f"{SUGGEST}?q=%ED%A0%80%FF&q")
    assert response.status_code == 200


def test_suggestions_are_for_staff_only(client, author, vocabulary):
    response = client.get(SUGGEST, {"q": "rob"})
    assert response.status_code == 302  # to the admin's login
    assert "Robots" not in response.content.decode()
    client.force_login(UserFactory(username="reader"))
    assert client.get(SUGGEST, {"q": "rob"}).status_code == 302
    client.force_login(UserFactory(username="staff-only", is_staff=True))
    assert client.get(SUGGEST, {"q": "rob"}).status_code == 403
    client.force_login(author)  # authors tag their drafts
    assert suggested(client, "rob") == ["Robots", "Robotics"]


def test_the_tags_field_brings_its_script_and_works_without_it(
    editor_client, editor, sectors
):
    page = parse(editor_client.get(reverse("admin:articles_article_add")))
    field = select_one(page, "input#id_tags")
    assert field["data-tag-suggest"] == SUGGEST
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(src.endswith("articles/tag-suggest.js") for src in scripts)
    styles = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert any(href.endswith("articles/tag-suggest.css") for href in styles)
    # Without JavaScript: typed text, a full-width comma separating tags.
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(sectors, author=editor.pk, tags="私隱，ＡＩ, robots"),
    )
    assert response.status_code == 302
    assert tag_names(Article.objects.get()) == ["AI", "robots", "私隱"]
