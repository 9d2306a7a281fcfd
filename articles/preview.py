"""Previews: an unpublished article, or unsaved changes, in the real public
template, marked "Preview", never cached and never indexed; and the page an
outside reviewer opens from a shareable preview link."""

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from .models import Article, PreviewLink

RELATED = 4


def related_articles(article):
    """What the article page lists under "Related articles"."""
    related = Article.objects.published(article.language).related_to(article)
    # A title linking to its address and a date: no more.
    return related.only("title", "slug", "language", "published_at")[:RELATED]


def render_preview(request, article, **context):
    """The article page as readers would see it, with a preview banner."""
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": related_articles(article),
            "preview": True,
            "alternates": {},  # a preview has no other language's address
            **context,
        },
    )
    return private(response)


def shared_preview(request, token):
    """An unpublished article for whoever has a valid preview link; once it
    is public, its real page."""
    link = PreviewLink.opened_by(token)
    if link is None:
        response = render(request, "articles/preview_link_gone.html", status=404)
        return private(response)
    article = Article.objects.for_listing().get(pk=link.article_id)
    if article.is_public():
        return redirect(article)
    return render_preview(request, article, shared_link=link)


def private(response):
    """Never kept by a cache (the page cache, a CDN, a browser), never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_unsaved(request, form, author):
    """What ``form`` would save, saved inside a transaction that is then rolled
    back: relations, rendering and related articles are the real ones, and
    nothing is kept (nor does any cache hear of it)."""
    with transaction.atomic():
        article = form.save(commit=False)
        if article.author_id is None:
            article.author = author
        article.save()
        form.save_m2m()
        response = render_preview(request, article, unsaved=True)
        transaction.set_rollback(True)
    return response
