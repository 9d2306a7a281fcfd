"""The shared page cache: fast for readers, never stale for anyone."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from hkai.pagecache.core import check_shared_state
from hkai.pagecache.filestate import SharedFileCache
from hkai.pagecache.models import ContentVersion

from .factories import ArticleFactory
from .html import parse
from .servers import call_wsgi

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(page_cache, sectors):
    """A committed, published article in the first sector."""
    with page_cache(execute=True):
        return ArticleFactory(title="Already live", sectors=[sectors[0]])


def pages(sector):
    return [
        reverse("home"),
        sector.get_absolute_url(),
        reverse("articles:list"),
        reverse("feeds:sector", kwargs={"slug": sector.slug}),
        reverse("feeds:site", kwargs={"fmt": "json"}),
    ]


def test_a_cached_page_is_served_without_sql(
    client, live, sectors, django_assert_num_queries
):
    for url in pages(sectors[0]):
        first = client.get(url)
        assert first["X-Cache"] == "miss"
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again["X-Cache"] == "hit"
        assert again.content == first.content
        assert "Already live" in again.content.decode()


def test_public_pages_tell_a_cdn_it_may_keep_them(client, live):
    response = client.get(reverse("home"))
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=60" in cache_control
    # An editor never gets the CDN's copy (Django's LocaleMiddleware adds
    # Accept-Language to English pages: / depends on it, for a first visit).
    assert "Cookie" in response["Vary"]
    assert response["ETag"] and response["Last-Modified"]
    feed = client.get(reverse("feeds:site", kwargs={"fmt": "rss"}))
    assert "max-age=300" in feed["Cache-Control"]  # the feed's own lifetime
    assert "s-maxage=60" in feed["Cache-Control"]


@pytest.mark.parametrize("validator", ["ETag", "Last-Modified"])
def test_conditional_get_is_304_without_sql(
    client, live, validator, django_assert_num_queries
):
    header = {"ETag": "HTTP_IF_NONE_MATCH", "Last-Modified": "HTTP_IF_MODIFIED_SINCE"}
    url = reverse("sectors:sector_list")
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url, **{header[validator]: first[validator]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_publishing_refreshes_every_affected_page(client, live, page_cache, sectors):
    for url in pages(sectors[0]):
        client.get(url)
    with page_cache(execute=True):
        ArticleFactory(title="Just published", sectors=[sectors[0]])
    for url in pages(sectors[0]):
        response = client.get(url)
        assert response["X-Cache"] == "miss", url
        assert "Just published" in response.content.decode(), url


@pytest.mark.parametrize(
    "change",
    [
        lambda article: setattr(article, "title", "Retitled") or article.save(),
        # What the admin's bulk action does.
        lambda article: Article.objects.filter(pk=article.pk).unpublish(),
        lambda article: article.delete(),
        lambda article: article.tags.add("fresh tag"),
        lambda article: article.sectors.clear(),
    ],
    ids=["edit", "bulk-unpublish", "delete", "tag", "refile"],
)
def test_editing_unpublishing_and_deleting_refresh_pages(
    client, live, page_cache, sectors, change
):
    url = sectors[0].get_absolute_url()
    before = client.get(url).content
    with page_cache(execute=True):
        change(live)
    after = client.get(url)
    assert after["X-Cache"] == "miss"
    assert after.content != before


def test_editing_a_sector_refreshes_pages(client, live, page_cache, sectors):
    client.get(reverse("home"))
    with page_cache(execute=True):
        sectors[0].name = "Schools & Universities"
        sectors[0].save()
    assert "Schools &amp; Universities" in client.get(reverse("home")).content.decode()


def test_nothing_changes_until_the_transaction_commits(
    client, live, page_cache, sectors
):
    url = sectors[0].get_absolute_url()
    client.get(url)
    with page_cache(execute=False):
        ArticleFactory(title="Not yet committed", sectors=[sectors[0]])
        assert client.get(url)["X-Cache"] == "hit"


def test_editors_always_see_fresh_pages(client, live, editor, sectors):
    url = sectors[0].get_absolute_url()
    client.get(url)  # cached for anonymous readers
    # Changed but not committed: the cache has no idea yet.
    Article.objects.filter(pk=live.pk).update(title="Edited just now")
    assert "Already live" in client.get(url).content.decode()

    client.force_login(editor)
    response = client.get(url)
    assert "X-Cache" not in response
    assert "Edited just now" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_scheduled_article_appears_on_time_without_a_save(client, page_cache, sectors):
    due = timezone.now() + timedelta(seconds=2)
    with page_cache(execute=True):
        ArticleFactory(title="Old news", sectors=[sectors[0]])
        ArticleFactory(title="Embargoed story", sectors=[sectors[0]], published_at=due)
    urls = [
        sectors[0].get_absolute_url(),
        reverse("feeds:sector", kwargs={"slug": sectors[0].slug}),
    ]
    for url in urls:
        client.get(url)
        cached = client.get(url)
        assert cached["X-Cache"] == "hit"
        assert "Embargoed story" not in cached.content.decode()

    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 1.1)
    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "miss"
        assert "Embargoed story" in response.content.decode(), url


def test_site_still_serves_when_the_cache_is_down(client, live, unreachable_cache):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Already live" in response.content.decode()
    assert "X-Cache" not in response


def test_admin_and_health_check_are_never_cached(client, live, editor):
    assert "X-Cache" not in client.get(reverse("healthz"))
    assert "no-store" in client.get(reverse("healthz"))["Cache-Control"]
    assert "X-Cache" not in client.get("/admin/login/")


# The WSGI layer: hits are answered before Django handles the request. ------


def test_wsgi_layer_answers_hits_without_django(
    live, sectors, django_assert_num_queries
):
    from django.core.signals import request_started

    url = sectors[0].get_absolute_url()
    status, headers, first = call_wsgi(url)
    assert (status, headers["X-Cache"]) == ("200 OK", "miss")
    started = []
    request_started.connect(started.append)
    try:
        with django_assert_num_queries(0):
            status, headers, again = call_wsgi(url)
    finally:
        request_started.disconnect(started.append)
    assert (status, headers["X-Cache"]) == ("200 OK", "hit")
    assert started == []  # Django never saw the request
    assert again == first and b"Already live" in again
    # The stored page carries the headers of the whole middleware stack.
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "s-maxage" in headers["Cache-Control"]


def test_wsgi_layer_answers_matching_validators_with_django_s_304(
    live, sectors, django_assert_num_queries
):
    from django.core.signals import request_started

    url = sectors[0].get_absolute_url()
    _, page, _ = call_wsgi(url)
    # Django's middleware answers a request with If-Match: its 304, to compare.
    _, django_304, _ = call_wsgi(
        url, HTTP_IF_MATCH=page["ETag"], HTTP_IF_NONE_MATCH=page["ETag"]
    )
    started = []
    request_started.connect(started.append)
    try:
        with django_assert_num_queries(0):
            by_etag = call_wsgi(url, HTTP_IF_NONE_MATCH=f'"x", W/{page["ETag"]}')
            by_date = call_wsgi(url, HTTP_IF_MODIFIED_SINCE=page["Last-Modified"])
            changed = call_wsgi(url, HTTP_IF_NONE_MATCH='"another"')
            older = call_wsgi(
                url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT"
            )
    finally:
        request_started.disconnect(started.append)
    assert started == []  # Django saw none of them
    for status, headers, body in (by_etag, by_date):
        assert status == "304 Not Modified" and body == b""
        assert headers.pop("X-Cache") == "hit"
        assert headers == django_304
    assert "Content-Security-Policy" not in django_304  # Django's keeps few
    for status, headers, body in (changed, older):
        assert (status, headers["X-Cache"]) == ("200 OK", "hit")
        assert b"Already live" in body


def test_wsgi_layer_leaves_editors_and_other_preconditions_to_django(
    live, sectors, editor, client
):
    url = sectors[0].get_absolute_url()
    _, headers, _ = call_wsgi(url)
    # Django's middleware answers If-Match (here: a 412) from the same entry.
    status, _, body = call_wsgi(url, HTTP_IF_MATCH='"another"')
    assert status.startswith("412")

    client.force_login(editor)
    session = client.cookies["sessionid"].value
    status, headers, _ = call_wsgi(url, HTTP_COOKIE=f"sessionid={session}")
    assert status == "200 OK" and "X-Cache" not in headers


def test_static_files_are_left_to_whitenoise(
    client, live, settings, static_root, django_assert_num_queries
):
    settings.STATIC_ROOT = static_root
    with django_assert_num_queries(0):
        response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "X-Cache" not in response


# Keys: the parameters a view reads, nothing else. -----------------------------


@pytest.mark.parametrize(
    "junk",
    [
        "utm_source=newsletter",
        "utm_source=x&fbclid=abc123",
        "sector[]=x&=&&debug=1",
        "a=" + "x" * 2000,
    ],
    ids=["utm", "utm-and-fbclid", "garbage", "huge"],
)
def test_unknown_query_parameters_find_the_plain_page(client, live, junk):
    plain = client.get(reverse("articles:list"))
    assert plain["X-Cache"] == "miss"
    response = client.get(f"{reverse('articles:list')}?{junk}")
    assert response["X-Cache"] == "hit"
    assert response.content == plain.content


def test_parameters_a_view_reads_are_one_page_however_spelled(client, live, sectors):
    sector = sectors[0].slug
    first = client.get(f"/articles/?sector={sector}&page=1")
    assert first["X-Cache"] == "miss"
    for spelling in [
        f"page=1&sector={sector}",
        f"sector=nowhere&sector={sector}&page=1&utm_medium=x",
        f"sector={sector}&challenge=&page=1",
    ]:
        again = client.get(f"/articles/?{spelling}")
        assert again["X-Cache"] == "hit", spelling
    assert "Already live" in first.content.decode()


def test_ignored_parameters_never_reach_a_shared_page(client, page_cache, settings):
    settings.ARTICLES_PER_PAGE = 1
    with page_cache(execute=True):
        ArticleFactory.create_batch(2)
    response = client.get("/articles/?page=1&campaign=<b>spam</b>")
    links = [a["href"] for a in parse(response).select(".pagination a")]
    assert links == ["?page=2"]  # the page readers share carries no one's junk


def test_a_forged_forwarded_host_makes_no_new_page(client, live):
    client.get(reverse("home"))
    for host in ["evil.example", "x" * 300]:
        response = client.get(reverse("home"), HTTP_X_FORWARDED_HOST=host)
        assert response["X-Cache"] == "hit"


def test_feeds_of_one_topic_ignore_filters_they_do_not_read(client, live, sectors):
    url = reverse("feeds:site", kwargs={"fmt": "rss"})
    client.get(url)
    assert client.get(f"{url}?sector={sectors[1].slug}")["X-Cache"] == "hit"
    combination = reverse("feeds:articles") + f"?sector={sectors[0].slug}"
    assert client.get(combination)["X-Cache"] == "miss"
    assert client.get(combination + "&utm_source=x")["X-Cache"] == "hit"


# What does not reach the public does not make pages stale. --------------------


def test_editorial_work_the_public_cannot_see_keeps_every_page(
    client, live, page_cache, sectors
):
    urls = pages(sectors[0])
    before = {url: client.get(url) for url in urls}
    with page_cache(execute=True):
        draft = ArticleFactory(draft=True, sectors=[sectors[0]], tags=["embargo"])
        draft.title = "Still a draft"
        draft.save()
        draft.tags.add("more")
        draft.sectors.add(sectors[1])
        ArticleFactory(scheduled=True, sectors=[sectors[0]])
        live.save()  # saved again, nothing changed
        draft.delete()
    for url in urls:
        after = client.get(url)
        assert after["X-Cache"] == "hit", url
        assert after["Last-Modified"] == before[url]["Last-Modified"], url


def test_one_transaction_is_one_change(client, live, page_cache, sectors):
    version = ContentVersion.objects.current()
    with page_cache(execute=True) as callbacks:
        for n in range(5):
            ArticleFactory(title=f"Batch {n}", sectors=[sectors[0]], tags=["batch"])
        live.title = "Retitled in the batch"
        live.save()
    assert len(callbacks) == 1
    assert ContentVersion.objects.current() == version + 1
    html = client.get(sectors[0].get_absolute_url()).content.decode()
    assert "Batch 4" in html and "Retitled in the batch" in html


def test_a_rolled_back_change_is_forgotten_and_the_next_counts(
    client, live, page_cache, sectors
):
    url = sectors[0].get_absolute_url()
    client.get(url)
    with page_cache(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            ArticleFactory(title="Rolled back", sectors=[sectors[0]])
            raise RuntimeError
        ArticleFactory(title="Committed", sectors=[sectors[0]])
    assert len(callbacks) == 1
    html = client.get(url).content.decode()
    assert "Committed" in html and "Rolled back" not in html


def test_a_change_the_cache_was_not_told_of_is_found_by_the_next_check(
    client, live, page_cache, sectors, settings
):
    """A bump lost in transit (here: written to the database only, as when
    Redis refused it) is found within PAGE_CACHE_VERIFY_SECONDS."""
    settings.PAGE_CACHE_VERIFY_SECONDS = 0.5
    url = sectors[0].get_absolute_url()
    client.get(url)
    Article.objects.filter(pk=live.pk).update(title="Quietly corrected")
    ContentVersion.objects.advance()  # what publish_change() records first
    assert client.get(url)["X-Cache"] == "hit"  # not checked yet
    time.sleep(0.6)
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Quietly corrected" in response.content.decode()


# Where the generation lives. ------------------------------------------------


def test_the_shared_file_is_read_afresh_whenever_another_process_writes(tmp_path):
    """Two processes' caches over one folder, as gunicorn's workers have:
    every write is seen by the other's very next read, however fast they come
    (each file is new while the old one exists, so its inode differs)."""
    writer = SharedFileCache(tmp_path, {})
    reader = SharedFileCache(tmp_path, {})
    assert reader.get("generation") is None
    for n in range(300):
        writer.set("generation", ("token", n), timeout=None)
        assert reader.get("generation") == ("token", n)
    writer.delete("generation")
    assert reader.get("generation") is None
    writer.set("short-lived", "x", timeout=-1)
    assert reader.get("short-lived") is None


def test_a_generation_kept_in_one_process_memory_is_flagged(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.PAGE_CACHE_STATE_ALIAS = "default"
    settings.PAGE_CACHE_ENABLED = True
    assert [warning.id for warning in check_shared_state(None)] == ["pagecache.W001"]


def test_the_embedded_default_keeps_it_where_every_worker_sees_it():
    assert check_shared_state(None) == []
