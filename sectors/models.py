"""The two fixed taxonomies articles are filed under: sectors and challenges."""

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager, MultilingualQuerySet

from articles.visibility import published_q
from hkai import fields
from hkai.addresses import address


class TopicQuerySet(MultilingualQuerySet):
    """Reads in the active language (django-modeltranslation rewrites ``name``
    to ``name_en`` or ``name_zh_hant`` in filters and ordering)."""

    def with_article_counts(self, language=None):
        """Annotate ``article_count``: how many published articles (in
        ``language``, if given) each one has."""
        # A GROUP BY query drops Meta.ordering, so restate it.
        return self.annotate(
            article_count=Count("articles", filter=published_q("articles__", language))
        ).order_by(*self.model._meta.ordering)


class TopicManager(MultilingualManager.from_queryset(TopicQuerySet)):
    """Already multilingual, so modeltranslation leaves it as it is.

    Its own manager would turn each new queryset into a multilingual one by
    building a class for it, on every query (navigation, counts, each prefetch
    of an article's topics): a third of a millisecond per page, for nothing.
    """

    def get_queryset(self):
        return self._queryset_class(model=self.model, using=self._db, hints=self._hints)


class Topic(models.Model):
    """What a sector and a challenge have in common: a named, ordered heading.

    Name, summary and description are in every language (sectors/translation.py:
    ``name_en``, ``name_zh_hant``…); ``name`` reads the active language's.
    """

    name = fields.LineField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = fields.LineField(
        _("summary"), max_length=200, help_text=_("One line, shown in lists.")
    )
    description = fields.TextField(
        _("description"), blank=True, help_text=_("Shown at the top of its page.")
    )
    order = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Lower numbers come first.")
    )
    keywords = fields.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "Comma-separated words and phrases, English or Chinese, that suggest "
            "this topic when importing"
        ),
    )

    objects = TopicManager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Sector(Topic):
    """A part of Hong Kong's economy or society where AI is applied."""

    class Meta(Topic.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def get_absolute_url(self):
        return address("sectors:sector_detail", slug=self.slug)


class Challenge(Topic):
    """A cross-cutting problem that AI raises, whatever the sector."""

    class Meta(Topic.Meta):
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def get_absolute_url(self):
        return address("sectors:challenge_detail", slug=self.slug)
