"""The sitemaps: an index at /sitemap.xml, and one sitemap per section
(/sitemap-<section>.xml, in pages of ``EditionSitemap.limit`` entries).

Each lists every public page in each language it exists in, with its other
languages as alternates (hreflang, x-default: the English one), and when it
last changed (``lastmod``): an article when it was last saved or appeared,
a topic, tag or author page when its newest article did, a site page when it
was saved. Only published articles
count: a draft or a scheduled article is nowhere, nor is a tag or a topic
that only they carry.

Django's ``Sitemap`` with ``i18n``: an item is listed once per language
``get_languages_for_item`` names, and ``location`` is asked under each.
"""

from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import get_language

from authors.models import AuthorProfile
from pages.models import Page
from sectors.models import Challenge, Sector

from .models import Article, Tag
from .structured_data import modified_at

# When the public last saw an article change (``structured_data.modified_at``).
CHANGED = Greatest("updated_at", "published_at")


def newest(*by):
    """``{(*by values, language): newest change}`` over published articles."""
    rows = (
        Article.objects.published()
        .order_by()
        .values_list(*by, "language")
        .annotate(newest=Max(CHANGED))
    )
    return {tuple(row[:-1]): row[-1] for row in rows if None not in row}


class EditionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Entries (a page in one language) per sitemap file: about 1.5 MB with
    # their alternates (the protocol allows 50 MB and 50,000 URLs), rendered
    # in about a second: Django's template and its translation.override()
    # per address, not the query, are the cost (docs/seo.md).
    limit = 5_000

    def items(self):
        return self.entries

    @cached_property
    def entries(self):
        """The items, worked out once per request: the index and a section
        ask for them more than once."""
        return []

    def edition_lastmod(self, item, language):
        """When ``item``'s page in ``language`` last changed; None if unknown."""
        return None

    def lastmod(self, item):
        # Django asks this without the language (the index's and the section's
        # Last-Modified): the newest of its editions. Each entry gets its own
        # edition's in get_urls.
        dates = [
            self.edition_lastmod(item, code)
            for code in self.get_languages_for_item(item)
        ]
        return max(filter(None, dates), default=None)

    def get_latest_lastmod(self):
        """The section's newest change, for the index: from what is loaded
        already, not by asking every item's every edition again."""
        return max(filter(None, self.changes()), default=None)

    def changes(self):
        """Every edition's lastmod."""
        return [
            self.edition_lastmod(item, code)
            for item in self.items()
            for code in self.get_languages_for_item(item)
        ]

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's entries, each with its own language's ``lastmod``."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            item, language = url["item"]
            url["lastmod"] = self.edition_lastmod(item, language)
        return urls


class PageSitemap(EditionSitemap):
    """Pages every edition has; each changes when its edition's articles do."""

    changefreq = "daily"

    @cached_property
    def entries(self):
        return [
            "home",
            "articles:list",
            "articles:tag_list",
            "sectors:sector_list",
            "sectors:challenge_list",
            "sectors:explore",
            "feeds:subscribe",
        ]

    @cached_property
    def newest(self):
        return newest()

    def location(self, name):
        return reverse(name)

    def edition_lastmod(self, name, language):
        return self.newest.get((language,))

    def changes(self):
        return self.newest.values()


class TopicSitemap(EditionSitemap):
    """A sector's or challenge's page in each language some published article
    there is filed under it: an empty topic page is not worth a crawl."""

    changefreq = "daily"
    model = None
    relation = None  # the Article field that files articles under them

    @cached_property
    def newest(self):
        return newest(self.relation)

    @cached_property
    def entries(self):
        used = {pk for pk, _language in self.newest}
        return list(self.model.objects.filter(pk__in=used))

    def get_languages_for_item(self, topic):
        return [
            code
            for code, _name in settings.LANGUAGES
            if (topic.pk, code) in self.newest
        ]

    def edition_lastmod(self, topic, language):
        return self.newest.get((topic.pk, language))

    def changes(self):
        return self.newest.values()


class SectorSitemap(TopicSitemap):
    model = Sector
    relation = "sectors"


class ChallengeSitemap(TopicSitemap):
    model = Challenge
    relation = "challenges"


class TagSitemap(TopicSitemap):
    """A tag's page in each language some published article there carries it."""

    changefreq = None
    model = Tag
    relation = "tagged_items__tag"


class ArticleSitemap(EditionSitemap):
    @cached_property
    def entries(self):
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

    def edition_lastmod(self, group, language):
        return modified_at(group[language])

    def changes(self):
        return [modified_at(a) for group in self.entries for a in group.values()]


class SitePageSitemap(EditionSitemap):
    """The site's own pages (About, Editorial policy…), in every edition."""

    changefreq = "monthly"

    @cached_property
    def entries(self):
        return list(Page.objects.order_by("slug"))

    def edition_lastmod(self, page, language):
        return page.updated_at


class AuthorSitemap(EditionSitemap):
    """Every author's page, in every edition (each lists that edition's
    articles); it changes when the author's newest article there does."""

    changefreq = "weekly"

    @cached_property
    def entries(self):
        return list(AuthorProfile.objects.order_by("slug"))

    @cached_property
    def newest(self):
        return newest("author")

    def edition_lastmod(self, profile, language):
        return self.newest.get((profile.user_id, language))


SITEMAPS = {
    "pages": PageSitemap,
    "sectors": SectorSitemap,
    "challenges": ChallengeSitemap,
    "tags": TagSitemap,
    "articles": ArticleSitemap,
    "site-pages": SitePageSitemap,
    "authors": AuthorSitemap,
}
