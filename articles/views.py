"""Public pages for articles and tags, each in the reader's language: the
language of the address (``get_language()``), whose edition lists only its own
articles."""

from functools import partial

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from hkai.pagecache.keys import uses_query

from . import edition
from .cards import NewestCards, cards
from .charts import chart_of
from .detail import public_article, surroundings
from .models import Article, Tag
from .panel import filter_panel
from .scope import PARAMS, Scope
from .search.engines import engine

HOME_FEATURED = 3
HOME_LATEST = 8


def home(request):
    """Featured and latest articles, every sector and challenge with counts,
    and articles per month: chosen and counted on the index of public
    articles, the cards kept (articles/cards.py)."""
    language = get_language()
    index = edition.current()
    public = index.maps["language"].get(language, 0)
    featured = index.newest(
        public & index.maps["featured"].get(True, 0), 0, HOME_FEATURED
    )
    latest = [
        pk
        for pk in index.newest(public, 0, HOME_LATEST + len(featured))
        if pk not in featured
    ][:HOME_LATEST]
    shown = cards(
        index, language, {"featured": (featured, True), "latest": (latest, False)}
    )
    return render(
        request,
        "articles/home.html",
        {
            "featured": shown["featured"],
            "latest": shown["latest"],
            "sectors": index.counted("sector", public),
            "challenges": index.counted("challenge", public),
            "chart": chart_of(partial(index.per_month, public)),
            "site_feed": Scope(),
        },
    )


@uses_query("page")
class PublishedArticlesMixin:
    """Lists published articles in the reader's language, paginated; a bad
    page number is a 404."""

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published(get_language()).for_cards()


@uses_query(*PARAMS, "page")
class ArticleListView(PublishedArticlesMixin, ListView):
    """All published articles, or a scope of them: ``?sector=&challenge=&tag=``."""

    template_name = "articles/article_list.html"

    def get_queryset(self):
        """The scope's articles, from the index of public articles: counted
        and paged on it, a page read by primary key (articles/listing.py)."""
        self.scope = Scope.from_query(self.request.GET)
        self.edition = edition.current()
        self.matched = self.edition.everything
        if self.scope.q:
            ranking = engine().ranking(self.scope.q.parsed)
            self.matched = self.edition.bitmap([pk for pk, _ in ranking])
        within = self.matched & self.edition.mask(self.scope)
        return NewestCards(self.edition, within, self.scope.language)

    def get_context_data(self, **kwargs):
        searched = self.scope.q.parsed.text if self.scope.q else ""
        return super().get_context_data(
            scope=self.scope,
            filter_panel=filter_panel(
                self.scope, "list_url", self.edition, self.matched, searched
            ),
            searched=searched,
            **kwargs,
        )


class ArticleDetailView(DetailView):
    """One published article, with links to its topics, its translations and
    related articles (articles/detail.py). At another language's address, a
    redirect to its own."""

    def get_queryset(self):
        # The byline links to the author's profile, when there is one.
        return (
            Article.objects.published()
            .select_related("author__profile")
            .defer("body", "feed_html")
        )

    def get_object(self, queryset=None):
        """The article, kept while nothing public changes (articles/detail.py)."""
        self.edition = edition.current()
        return public_article(self.kwargs["slug"], self.edition, super().get_object)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.language != get_language():
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        related, translations = surroundings(self.object, self.edition)
        editions = [self.object, *translations]
        return super().get_context_data(
            related=related,
            translations=translations,
            # This article in each language it is published in (hreflang and
            # the switch); the other edition's list where it is not.
            alternates={a.language: a.get_absolute_url() for a in editions},
            language_fallback="articles:list",
            **kwargs,
        )


def tag_list(request):
    """Every tag on a published article, with how many it is on."""
    tags = Tag.objects.in_use(get_language())
    return render(request, "articles/tag_list.html", {"tags": tags})


class TagDetailView(PublishedArticlesMixin, ListView):
    """Published articles with one tag; tags only on drafts are not public."""

    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        """The tag's articles, from the index of public articles, as the
        article list reads them (articles/listing.py). A tag no public article
        of this edition carries is a 404; the index says so, where counting
        the tag's articles in the database grew with them (90 ms for a common
        tag at 100,000 articles)."""
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.scope = Scope(tag=self.tag)
        self.edition = edition.current()
        within = self.edition.mask(self.scope)
        if not within:
            raise Http404("No public article carries this tag.")
        self.tag.article_count = within.bit_count()
        return NewestCards(self.edition, within, self.scope.language)

    def get_context_data(self, **kwargs):
        # The tag's page in each edition that uses it; that edition's tags if not.
        alternates = {}
        tagged = self.edition.maps["tag"].get(self.tag.pk, 0)
        for code, written in self.edition.maps["language"].items():
            if tagged & written:
                with translation.override(code):
                    alternates[code] = self.tag.get_absolute_url()
        return super().get_context_data(
            tag=self.tag,
            scope=self.scope,
            alternates=alternates,
            language_fallback="articles:tag_list",
            **kwargs,
        )
