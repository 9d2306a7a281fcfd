"""The search page: ``/search/?q=…``, narrowed by the same filters as the
article list, each edition searching its own articles."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render

from hkai.pagecache.keys import uses_query

from .. import edition
from ..panel import filter_panel
from ..scope import PARAMS, Scope
from .engines import engine
from .results import Ranked


@uses_query(*PARAMS, "page")
def search(request):
    """Results best first, with a passage around the words found, a count,
    pages, and the filter panel; an empty state without words."""
    scope = Scope.from_query(request.GET)
    public = edition.current()
    ranking = engine().ranking(scope.q.parsed) if scope.q else []
    matched = public.bitmap([pk for pk, _ in ranking]) if scope.q else public.everything
    searched = request.GET.get("q", "")[:200]
    context = {
        "scope": scope if scope else None,
        "searched": searched,
        "filter_panel": filter_panel(scope, "search_url", public, matched, searched),
    }
    if scope.q:
        query = scope.q.parsed
        ranked = Ranked(
            public,
            ranking,
            matched & public.mask(scope),
            scope.language,
        )
        paginator = Paginator(ranked, settings.SEARCH_RESULTS_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage as error:  # not a number, or past the last page
            raise Http404(str(error)) from error
        snippets = engine().snippets([a.pk for a in page.object_list], query)
        for article in page.object_list:
            article.snippet = snippets.get(article.pk, "")
        context.update(
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            results=page.object_list,
            # With filters and no result: the same words, everywhere.
            everywhere_url=Scope(q=scope.q).search_url,
        )
    return render(request, "articles/search.html", context)
