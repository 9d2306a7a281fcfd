"""Public pages for articles and tags."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
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
    featured = list(
        Article.objects.published().filter(featured=True).for_listing()[:HOME_FEATURED]
    )
    latest = (
        Article.objects.published()
        .exclude(pk__in=[a.pk for a in featured])
        .for_listing()[:HOME_LATEST]
    )
    return render(
        request,
        "articles/home.html",
        {
            "featured": featured,
            "latest": latest,
            "sectors": Sector.objects.with_article_counts(),
            "challenges": Challenge.objects.with_article_counts(),
        },
    )


@uses_query("page")
class PublishedArticlesMixin:
    """Lists published articles, paginated; a bad page number is a 404."""

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()


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
    """One published article, with links to its topics and related articles."""

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        related = related_articles(self.object)
        return super().get_context_data(related=related, **kwargs)


class ArticleYearArchiveView(PublishedArticlesMixin, YearArchiveView):
    date_field = "published_at"
    make_object_list = True


class ArticleMonthArchiveView(PublishedArticlesMixin, MonthArchiveView):
    date_field = "published_at"
    month_format = "%m"


def tag_list(request):
    """Every tag on a published article, with how many it is on."""
    return render(request, "articles/tag_list.html", {"tags": Tag.objects.in_use()})


class TagDetailView(PublishedArticlesMixin, ListView):
    """Published articles with one tag; tags only on drafts are not public."""

    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag.objects.in_use(), slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tag=self.tag, scope=Scope(tag=self.tag), **kwargs
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
                (_("Tags"), [Scope(tag=t) for t in Tag.objects.in_use()]),
            ],
        },
    )
