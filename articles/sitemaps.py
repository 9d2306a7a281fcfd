"""The sitemap (/sitemap.xml), every page in each language it exists in, with
its other languages as alternates (hreflang, x-default: the English one).

Django's ``Sitemap`` with ``i18n``: an item is listed once per language
``get_languages_for_item`` names, and ``location`` is asked under each. An
article is an item per translation group, so a translated pair is one entry
with two addresses, and an untranslated article names only its own language.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.translation import get_language

from authors.models import AuthorProfile
from pages.models import Page
from sectors.models import Challenge, Sector

from .models import Article, Tag


class EditionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(EditionSitemap):
    """Pages every edition has."""

    changefreq = "daily"

    def items(self):
        return [
            "home",
            "articles:list",
            "articles:tag_list",
            "sectors:sector_list",
            "sectors:challenge_list",
            "sectors:explore",
            "feeds:subscribe",
        ]

    def location(self, name):
        return reverse(name)


class TopicSitemap(EditionSitemap):
    changefreq = "daily"

    def items(self):
        return [*Sector.objects.all(), *Challenge.objects.all()]


class ArticleSitemap(EditionSitemap):
    def items(self):
        """One ``{language: article}`` per translation group."""
        groups = {}
        published = Article.objects.published().only(
            "slug", "language", "translation_group", "updated_at", "published_at"
        )
        for article in published.order_by("-published_at", "pk"):
            groups.setdefault(article.translation_group, {})[article.language] = article
        return list(groups.values())

    def get_languages_for_item(self, group):
        return [code for code, _name in settings.LANGUAGES if code in group]

    def location(self, group):
        return group[get_language()].get_absolute_url()

    def lastmod(self, group):
        # Asked without the language (Django's Sitemap): the group's newest.
        return max(max(a.updated_at, a.published_at) for a in group.values())


class TagSitemap(EditionSitemap):
    """A tag's page in each language some published article there carries it."""

    def items(self):
        languages = {}
        rows = Tag.objects.filter(
            tagged_articles__content_object__in=Article.objects.published()
        ).values_list("pk", "tagged_articles__content_object__language")
        for pk, language in rows.distinct():
            languages.setdefault(pk, set()).add(language)
        tags = Tag.objects.filter(pk__in=languages).order_by("name")
        for tag in tags:
            tag.languages = languages[tag.pk]
        return list(tags)

    def get_languages_for_item(self, tag):
        return [code for code, _name in settings.LANGUAGES if code in tag.languages]


class SitePageSitemap(EditionSitemap):
    """The site's own pages (About, Editorial policy…), in every edition."""

    changefreq = "monthly"

    def items(self):
        return Page.objects.order_by("slug")

    def lastmod(self, page):
        return page.updated_at


class AuthorSitemap(EditionSitemap):
    """Every author's page, in every edition (each lists that edition's articles)."""

    changefreq = "weekly"

    def items(self):
        return AuthorProfile.objects.order_by("slug")


SITEMAPS = {
    "pages": PageSitemap,
    "topics": TopicSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "site-pages": SitePageSitemap,
    "authors": AuthorSitemap,
}
