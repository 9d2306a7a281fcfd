"""Articles, and the tags editors file them under."""

import hashlib
import unicodedata
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from hkai.pagecache import content_changed
from sectors.models import Challenge, Sector

from .text import clean_text, render_markdown

# Paths under /articles/ that an article slug must not take.
RESERVED_SLUGS = {"feed", "feeds"}


def published_q(prefix=""):
    """The public visibility rule as a Q, usable across relations ("articles__").

    Published, and its time has come: a future ``published_at`` is a
    scheduled article that appears by itself, with no cron job.
    """
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


def validate_article_slug(value):
    if value.isdigit():
        raise ValidationError(
            _("A slug made only of digits would clash with the yearly archive.")
        )
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved."), params={"slug": value})


class TagQuerySet(models.QuerySet):
    def with_article_counts(self):
        """Annotate ``article_count``: how many published articles carry each tag."""
        return self.annotate(
            article_count=Count(
                "tagged_articles",
                filter=published_q("tagged_articles__content_object__"),
            )
        ).order_by("name")  # a GROUP BY query drops Meta.ordering

    def in_use(self):
        """Tags on at least one published article: the only ones the public sees."""
        return self.with_article_counts().filter(article_count__gt=0)


class Tag(TagBase):
    """A free-form tag whose slug works for any script, 私隱 included."""

    objects = NaturalKeyManager.from_queryset(TagQuerySet)()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        # Full-width and half-width forms of one name are one tag.
        self.name = unicodedata.normalize("NFKC", clean_text(self.name)).strip()
        return super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        """A Unicode slug; a name with no letters or digits gets a stable hash."""
        tag = unicodedata.normalize("NFKC", tag)
        slug = slugify(tag, allow_unicode=True)[:90].strip("-_")
        if not slug:
            slug = "tag-" + hashlib.sha1(tag.encode()).hexdigest()[:8]
        if i is not None:
            slug += f"_{i}"
        return slug

    def get_absolute_url(self):
        return reverse("articles:tag_detail", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    """A direct join table (not taggit's generic one), so counts are one JOIN."""

    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_article_tag"
            )
        ]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may see: published, and their time has come."""
        return self.filter(published_q())

    def schedule_since(self, since):
        """``(count, next)``: how many articles came due after the timestamp
        ``since``, and when the next scheduled one is due (or None)."""
        now = timezone.now()
        stats = self.filter(
            status=Article.Status.PUBLISHED,
            published_at__gt=datetime.fromtimestamp(since, tz=UTC),
        ).aggregate(
            due=Count("pk", filter=published_q()),
            next_due=Min("published_at", filter=Q(published_at__gt=now)),
        )
        return stats["due"], stats["next_due"]

    def update(self, **kwargs):
        """Bulk changes (the admin's publish actions) refresh cached pages too."""
        rows = super().update(**kwargs)
        content_changed()
        return rows

    def for_listing(self):
        """What a list item shows, in a fixed number of queries."""
        return self.select_related("author").prefetch_related(
            "sectors", "challenges", "tags"
        )

    def crossing_counts(self):
        """``{(sector pk, challenge pk): count}`` for every crossing reached."""
        rows = (
            self.order_by()
            .filter(sectors__isnull=False, challenges__isnull=False)
            .values_list("sectors", "challenges")
            .annotate(n=Count("pk"))
        )
        return {(sector, challenge): n for sector, challenge, n in rows}

    def related_to(self, article):
        """Others ranked by how many sectors, challenges and tags they share."""
        shared = (
            _shared_count(
                Article.sectors.through, "article", "sector", article.sector_ids
            )
            + _shared_count(
                Article.challenges.through,
                "article",
                "challenge",
                article.challenge_ids,
            )
            + _shared_count(TaggedArticle, "content_object", "tag", article.tag_ids)
        )
        return (
            self.exclude(pk=article.pk)
            .annotate(shared=shared)
            .filter(shared__gt=0)
            .order_by("-shared", "-published_at")
        )


def _shared_count(through, article_field, other_field, ids):
    """How many of ``ids`` each outer article is linked to through ``through``."""
    links = (
        through.objects.filter(
            **{article_field: OuterRef("pk"), f"{other_field}__in": ids}
        )
        .values(article_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(links), 0)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        validators=[validate_article_slug],
        help_text=_(
            "The last part of the article's address. Changing it breaks links."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_(
            "Plain text, up to 300 characters: lists, feeds and search results show it."
        ),
    )
    body = models.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(_("body (HTML)"), editable=False, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), related_name="articles", blank=True
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("challenges"), related_name="articles", blank=True
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedArticle, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A future date schedules the article: it appears by itself then."),
    )
    featured = models.BooleanField(_("featured"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_article", _("Can publish and unpublish articles"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public"),
            models.Index(
                fields=["-published_at"],
                condition=Q(featured=True),
                name="article_featured",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title).strip()
        self.summary = clean_text(self.summary).strip()
        self.body = clean_text(self.body)
        # Rendered once per save, not per view: pages and feeds read body_html.
        self.body_html = render_markdown(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    # The ids below read prefetched relations when there are any.
    @property
    def sector_ids(self):
        return [s.pk for s in self.sectors.all()]

    @property
    def challenge_ids(self):
        return [c.pk for c in self.challenges.all()]

    @property
    def tag_ids(self):
        return [t.pk for t in self.tags.all()]
