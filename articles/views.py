"""Public pages for articles and tags, each in the reader's language: the
language of the address (``get_language()``), whose edition lists only its own
articles."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django.views.generic.dates import MonthArchiveView, YearArchiveView

from hkai.pagecache.keys import uses_query
from sectors.models import Challenge, Sector

from .models import Article, Tag
from .preview import related_articles
from .scope import PARAMS, Scope

HOME_FEATURED = 3
HOME_LATEST = 8


def home(request):
    """Featured and latest articles, and every sector and challenge with counts."""
    language = get_language()
    published = Article.objects.published(language)
    featured = list(published.filter(featured=True).for_listing()[:HOME_FEATURED])
    latest = published.exclude(pk__in=[a.pk for a in featured]).for_listing()
    return render(
        request,
        "articles/home.html",
        {
            "featured": featured,
            "latest": latest[:HOME_LATEST],
            "sectors": Sector.objects.with_article_counts(language),
            "challenges": Challenge.objects.with_article_counts(language),
        },
    )


def in_each_language(view_name, **kwargs):
    """``{language: the page in that language}``, for the language switcher."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(view_name, kwargs=kwargs)
    return urls


@uses_query("page")
class PublishedArticlesMixin:
    """Lists published articles in the reader's language, paginated; a bad
    page number is a 404."""

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published(get_language()).for_listing()


@uses_query(*PARAMS, "page")
class ArticleListView(PublishedArticlesMixin, ListView):
    """All published articles, or a scope of them: ``?sector=&challenge=&tag=``."""

    template_name = "articles/article_list.html"

    def get_queryset(self):
        self.scope = Scope.from_query(self.request.GET)
        return self.scope.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(scope=self.scope, **kwargs)


class ArticleDetailView(DetailView):
    """One published article, with links to its topics, its translations and
    related articles. At another language's address, a redirect to its own."""

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.language != get_language():
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        translations = list(self.object.translations().published())
        language_urls = in_each_language("articles:list")  # if not translated
        language_urls.update({t.language: t.get_absolute_url() for t in translations})
        return super().get_context_data(
            related=related_articles(self.object),
            translations=translations,
            language_urls=language_urls,
            **kwargs,
        )


class ArticleYearArchiveView(PublishedArticlesMixin, YearArchiveView):
    date_field = "published_at"
    make_object_list = True

    def get_context_data(self, **kwargs):
        # Another language may have nothing that year: its list, then.
        return super().get_context_data(
            language_urls=in_each_language("articles:list"), **kwargs
        )


class ArticleMonthArchiveView(PublishedArticlesMixin, MonthArchiveView):
    date_field = "published_at"
    month_format = "%m"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            language_urls=in_each_language("articles:list"), **kwargs
        )


def tag_list(request):
    """Every tag on a published article, with how many it is on."""
    tags = Tag.objects.in_use(get_language())
    return render(request, "articles/tag_list.html", {"tags": tags})


class TagDetailView(PublishedArticlesMixin, ListView):
    """Published articles with one tag; tags only on drafts are not public."""

    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        tags = Tag.objects.in_use(get_language())
        self.tag = get_object_or_404(tags, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        # The tag's page in a language that uses it; that language's tags if not.
        language_urls = in_each_language("articles:tag_list")
        languages = Article.objects.published().filter(tags=self.tag)
        for code in languages.values_list("language", flat=True).distinct():
            with translation.override(code):
                language_urls[code] = self.tag.get_absolute_url()
        return super().get_context_data(
            tag=self.tag,
            scope=Scope(tag=self.tag),
            language_urls=language_urls,
            **kwargs,
        )


def subscribe(request):
    """Every feed the site offers, with addresses to copy into a reader."""
    return render(
        request,
        "articles/subscribe.html",
        {
            "root": request.build_absolute_uri("/")[:-1],
            "site_feed": Scope(),
            "groups": [
                (_("Sectors"), [Scope(sector=s) for s in Sector.objects.all()]),
                (
                    _("Challenges"),
                    [Scope(challenge=c) for c in Challenge.objects.all()],
                ),
                (
                    _("Tags"),
                    [Scope(tag=t) for t in Tag.objects.in_use(get_language())],
                ),
            ],
        },
    )
