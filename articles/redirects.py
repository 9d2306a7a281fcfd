"""Old addresses answer 301: a merged or renamed tag's page and feeds, and a
published article whose slug changed.

Like ``django.contrib.redirects``' RedirectFallbackMiddleware, this acts only
on a 404, so a live page always wins: a new tag that takes an old slug is
served. Unlike it, it matches the slug the URL resolved to (not the
percent-encoded path with its query string), follows the current slug through
a foreign key (so chains resolve in one hop), keeps the rest of the address
(``…/feed/atom/``, ``?page=2``), follows an old tag in a filtered list's
``?tag=`` too, and redirects only to what the public may see.
See docs/editor-guide.md ("Tags").
"""

import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path, iri_to_uri

from .models import Article, Tag

# What a slug can be: anything else (a NUL byte in ``?tag=``, which PostgreSQL
# refuses to compare) is not looked up.
SLUG = re.compile(r"[-\w]{1,200}")


def current_tag_slug(old_slug):
    if not SLUG.fullmatch(old_slug):
        return None
    return (
        Tag.objects.filter(old_slugs__old_slug=old_slug)
        .in_use()
        .values_list("slug", flat=True)
        .first()
    )


def current_article_slug(old_slug):
    if not SLUG.fullmatch(old_slug):
        return None
    return (
        Article.objects.published()
        .filter(old_slugs__old_slug=old_slug)
        .values_list("slug", flat=True)
        .first()
    )


# Named routes whose ``slug`` may be an old one, and how to find the new one.
FOLLOW = {
    "articles:tag_detail": current_tag_slug,
    "feeds:tag": current_tag_slug,
    "articles:detail": current_article_slug,
}
# Named routes filtered by ``?tag=`` (a Scope), which may name an old tag.
FOLLOW_TAG_PARAMETER = {"articles:list", "feeds:articles"}


class OldAddressMiddleware:
    """A 404 at an old slug becomes a 301 to the same page at the current one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        return moved(request) or response


def moved(request):
    """The permanent redirect for this request, or None."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if match.view_name in FOLLOW_TAG_PARAMETER:
        return tag_parameter_moved(request)
    follow = FOLLOW.get(match.view_name)
    old_slug = follow and match.captured_kwargs.get("slug")
    new_slug = old_slug and follow(old_slug)
    if not new_slug:
        return None
    url = reverse(match.view_name, kwargs={**match.captured_kwargs, "slug": new_slug})
    if query := request.META.get("QUERY_STRING"):
        url += "?" + iri_to_uri(query)
    return permanent_redirect(url)


def tag_parameter_moved(request):
    """``…?sector=health&tag=<old>`` to the same address with the new tag."""
    new_slug = "tag" in request.GET and current_tag_slug(request.GET["tag"])
    if not new_slug:
        return None
    query = request.GET.copy()
    query["tag"] = new_slug
    return permanent_redirect(f"{escape_uri_path(request.path)}?{query.urlencode()}")


def permanent_redirect(url):
    response = HttpResponsePermanentRedirect(url)
    # Permanent for search engines, but kept briefly: a browser keeps an
    # unmarked 301 forever, and a new tag may take the old slug tomorrow.
    patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
    return response
