"""Articles, and the tags editors file them under."""

import uuid
from datetime import UTC, datetime
from functools import reduce
from operator import or_

import reversion
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Min, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Now, TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from hkai import fields
from hkai.addresses import address
from hkai.pagecache.core import content_changed
from hkai.seo.structured import Image
from sectors.models import Challenge, Sector

from .feed_html import prepare as prepare_feed_html
from .hero import picture, prepare_hero
from .reading import reading_minutes
from .tagging import (
    TAG_MAX_LENGTH,
    NormalisingTagManager,
    TagNameField,
    TagsFormField,
    tag_name,
    tag_slug,
)
from .text import render_markdown, validate_body
from .visibility import Status, published_q

# Paths under /articles/ that an article slug must not take.
RESERVED_SLUGS = {"feed", "feeds"}
# Publication dates an editor may give: from the site's earliest archive year
# up to a century ahead. The database refuses anything outside a wider range
# (``article_published_at_range``), so no stored date can break a page.
EARLIEST_YEAR = 1990
YEARS_AHEAD = 100


def validate_article_slug(value):
    if value.isdigit():
        raise ValidationError(
            _("A slug made only of digits would clash with the yearly archive.")
        )
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved."), params={"slug": value})


def validate_publication_date(value):
    """Between EARLIEST_YEAR and YEARS_AHEAD years from now. Compared by year
    in the value's own time zone: 0001-01-01 cannot even be turned into UTC."""
    latest = timezone.now().year + YEARS_AHEAD
    if not EARLIEST_YEAR <= value.year <= latest:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s."),
            params={"earliest": EARLIEST_YEAR, "latest": latest},
            code="date_range",
        )


class TagQuerySet(models.QuerySet):
    def with_article_counts(self, language=None):
        """Annotate ``article_count``: how many published articles (in
        ``language``, if given) carry each tag."""
        return self.annotate(
            article_count=Count(
                "tagged_articles",
                filter=published_q("tagged_articles__content_object__", language),
            )
        ).order_by("name")  # a GROUP BY query drops Meta.ordering

    def in_use(self, language=None):
        """Tags on at least one published article (in ``language``, if given):
        the only ones the public sees."""
        return self.with_article_counts(language).filter(article_count__gt=0)

    def with_uses(self):
        """Annotate ``uses``: how many articles, drafts included, carry each tag."""
        return self.annotate(uses=Count("tagged_articles"))

    def with_name(self, name):
        """The tag (a list of at most one) called ``name`` in any case or width."""
        folded = tag_name(name).casefold()
        return [t for t in self.named([name]) if t.name.casefold() == folded]

    def suggestions(self, typed, limit=10):
        """Tags whose name contains the text after the last comma of ``typed``,
        in any case or width, most used first. The slug is asked too: it is
        the name lowercased by Python, and SQLite compares case in ASCII only."""
        fragment = tag_name(typed).rsplit(",", 1)[-1].strip(' "')[:TAG_MAX_LENGTH]
        if not fragment:
            return self.none()
        match = Q(name__icontains=fragment)
        if slug := slugify(fragment, allow_unicode=True):
            match |= Q(slug__contains=slug)
        return self.filter(match).with_uses().order_by("-uses", "name")[:limit]

    def named(self, names):
        """Tags whose name equals one of ``names`` in any case: a candidate list
        (SQL compares case in ASCII only on SQLite, so slugs are asked too)."""
        if not names:
            return self.none()
        names = [tag_name(n) for n in names]
        return self.filter(
            reduce(or_, (Q(name__iexact=n) | Q(slug=tag_slug(n)) for n in names))
        )


@reversion.register()
class Tag(TagBase):
    """A free-form tag whose slug works for any script, 私隱 included.

    Names are compared folded (``tagging.tag_name``): "ＡＩ", "ai" and "AI" are
    one tag, under the spelling it was first given.
    """

    name = TagNameField(_("name"), unique=True, max_length=TAG_MAX_LENGTH)

    objects = NaturalKeyManager.from_queryset(TagQuerySet)()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        """A renamed tag's slug follows its name, and its old address redirects
        (``TagRedirect``); a slug in use is nobody's old address."""
        with transaction.atomic():
            old_slug = self._follow_name() if not self._state.adding else None
            super().save(*args, **kwargs)
            TagRedirect.objects.filter(old_slug=self.slug).delete()
            if old_slug:
                TagRedirect.objects.update_or_create(
                    old_slug=old_slug, defaults={"tag": self}
                )

    def clean(self):
        same = Tag.objects.exclude(pk=self.pk).with_name(self.name)
        if same:
            raise ValidationError(
                {"name": _("The tag “%(name)s” exists already.") % {"name": same[0]}}
            )

    def slugify(self, tag, i=None):
        """taggit's hook: ``tag_slug``, and a suffix when that one is taken."""
        return tag_slug(tag) + (f"_{i}" if i is not None else "")

    def get_absolute_url(self):
        return address("articles:tag_detail", slug=self.slug)

    def _follow_name(self):
        """Give the tag the slug of its new name; the slug it leaves, if any."""
        before = Tag.objects.filter(pk=self.pk).values_list("name", flat=True).first()
        if before is None or tag_slug(before) == tag_slug(self.name):
            return None  # new, or only case or width changed: same address
        taken = set(
            Tag.objects.exclude(pk=self.pk)
            .filter(slug__startswith=tag_slug(self.name))
            .values_list("slug", flat=True)
        )
        old_slug, self.slug = self.slug, self.slugify(self.name)
        i = 0
        while self.slug in taken:
            i += 1
            self.slug = self.slugify(self.name, i)
        return old_slug if old_slug != self.slug else None


@reversion.register()
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


# Old addresses. A tag merged or renamed, or a published article whose slug
# changed, leaves its old slug here; ``articles.redirects`` answers a 404 at
# that slug with a 301 to the current one. A foreign key, not a stored path:
# chains resolve by themselves (A renamed to B, then merged into C, goes
# straight to C), and a later rename of C needs no update here.


class TagRedirect(models.Model):
    """A slug a tag had: ``/tags/<old_slug>/`` and its feeds redirect to it."""

    old_slug = models.SlugField(
        _("old slug"), max_length=100, unique=True, allow_unicode=True
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("tag")
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("old tag address")
        verbose_name_plural = _("old tag addresses")

    def __str__(self):
        return self.old_slug


class ArticleRedirect(models.Model):
    """A slug a published or scheduled article had (articles/signals.py)."""

    old_slug = models.SlugField(
        _("old slug"), max_length=200, unique=True, allow_unicode=True
    )
    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="old_slugs",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("old article address")
        verbose_name_plural = _("old article addresses")

    def __str__(self):
        return self.old_slug


class Tags(TaggableManager):
    """Tags typed into the admin are cleaned and checked before anything is saved."""

    def formfield(self, form_class=TagsFormField, **kwargs):
        return super().formfield(form_class=form_class, **kwargs)


# The body's three forms: the Markdown, and the HTML pages and feeds show.
BODIES = ("body", "body_html", "feed_html")
# The relations listed on cards and feeds (``for_listing``).
LISTED = ("sectors", "challenges", "tags")
# The fields a search result shows, and those that say it is public
# (articles/search/results.py).
RESULT_FIELDS = (
    "title",
    "slug",
    "summary",
    "reading_minutes",
    "published_at",
    "status",
    "language",
)


class ArticleQuerySet(models.QuerySet):
    def published(self, language=None):
        """Articles the public may see: published, and their time has come; in
        one language's edition when ``language`` is given (readers' pages)."""
        return self.filter(published_q(language=language))

    def publish(self):
        """Publish drafts and articles in review now, or at their scheduled date;
        the number published."""
        drafts = self.filter(status__in=[Article.Status.DRAFT, Article.Status.REVIEW])
        drafts.filter(published_at__isnull=True).update(published_at=Now())
        return self._change(drafts, status=Article.Status.PUBLISHED)

    def unpublish(self):
        """Return published articles to draft; the number returned."""
        published = self.filter(status=Article.Status.PUBLISHED)
        return self._change(published, status=Article.Status.DRAFT)

    def archive(self):
        """Take articles out of public view, kept; the number archived."""
        return self._change(
            self.exclude(status=Article.Status.ARCHIVED), status=Article.Status.ARCHIVED
        )

    @staticmethod
    def _change(articles, **values):
        count = articles.update(updated_at=Now(), edit_version=uuid.uuid4(), **values)
        if count:
            content_changed()
        return count

    def schedule_since(self, since):
        """``(due, next_due)``: whether an article became public by itself
        after the aware datetime ``since``, and when the next one will."""
        stats = self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=since
        ).aggregate(
            due=Count("pk", filter=Q(published_at__lte=Now())),
            next_due=Min("published_at", filter=Q(published_at__gt=Now())),
        )
        return bool(stats["due"]), stats["next_due"]

    def for_listing(self):
        """What a list item shows, in a fixed number of queries: its sectors,
        challenges and tags as lists (``sector_list``, ...).

        As lists (``to_attr``), not behind ``article.sectors.all()``: Django
        then builds one queryset per article and relation to hold what it
        fetched, which took longer than the queries (20 ms for a page).
        """
        return self.select_related("author").prefetch_related(
            *(Prefetch(name, to_attr=f"_{name}_list") for name in LISTED)
        )

    def for_cards(self):
        """``for_listing()`` without the body, which a card never shows."""
        return self.for_listing().defer(*BODIES)

    def crossing_counts(self):
        """``{(sector pk, challenge pk): count}`` for every crossing reached."""
        rows = (
            self.order_by()
            .filter(sectors__isnull=False, challenges__isnull=False)
            .values_list("sectors", "challenges")
            .annotate(n=Count("pk"))
        )
        return {(sector, challenge): n for sector, challenge, n in rows}

    def per_month(self, since):
        """``{first day of a month: count}`` from the aware datetime ``since``
        on, months as the current time zone reads them; one query."""
        month = TruncMonth("published_at", tzinfo=timezone.get_current_timezone())
        rows = (
            self.filter(published_at__gte=since)
            .order_by()
            .annotate(month=month)
            .values("month")
            .annotate(n=Count("pk", distinct=True))
            .values_list("month", "n")
        )
        return {timezone.localtime(start).date(): n for start, n in rows}

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


# Every save keeps a revision (django-reversion), tags included.
@reversion.register(follow=["tagged_items"])
class Article(models.Model):
    Status = Status

    title = fields.LineField(_("title"), max_length=200)
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
    summary = fields.LineField(
        _("summary"),
        max_length=300,
        help_text=_(
            "Plain text, up to 300 characters: lists, feeds and search results show it."
        ),
    )
    body = fields.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(_("body (HTML)"), editable=False, default="")
    # body_html as feeds carry it, cleaned and with absolute addresses, made on
    # save so a feed request does no per-item work (articles/feed_html.py).
    feed_html = models.TextField(_("body (feed HTML)"), editable=False, default="")
    # Counted from body_html on save, as it is rendered: lists show it for free.
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), editable=False, default=1
    )
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
    tags = Tags(
        verbose_name=_("tags"),
        through=TaggedArticle,
        manager=NormalisingTagManager,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Each language's edition lists only its own articles."),
    )
    # Articles that translate each other share it (one per language).
    translation_group = models.UUIDField(
        _("translation group"), default=uuid.uuid4, editable=False, db_index=True
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        validators=[validate_publication_date],
        help_text=_("A future date schedules the article: it appears by itself then."),
    )
    featured = models.BooleanField(_("featured"), default=False)
    # A picture at the top of the article and on its cards (articles/hero.py):
    # the original as uploaded, kept for history; readers get renditions.
    hero_image = models.ImageField(
        _("hero image"),
        upload_to="articles/heroes/%Y/%m/",
        max_length=255,
        blank=True,
        help_text=_(
            "A JPEG, PNG, WebP or GIF image at the top of the article and on its "
            "cards. Readers get copies sized for their screen, without the "
            "photo's metadata (place, camera)."
        ),
    )
    hero_alt = fields.LineField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. Required with "
            "an image."
        ),
    )
    # {"source": the image's name, "renditions": [{name, format, width,
    # height}]}: made once when an image is saved, read by every page.
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared with"),
        related_name="shared_articles",
        blank=True,
        help_text=_("Authors who may edit this draft besides its author."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Changes on every save: a form that saves must carry the one it was
    # opened with (``claim``), so nobody overwrites a colleague unawares.
    edit_version = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = ArticleQuerySet.as_manager()

    # What was in the database when this instance was loaded (``from_db``):
    # nothing, for a new article.
    loaded_status = None
    public_when_loaded = None
    _claimed = False  # this save was checked against the form's edit_version

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_article", _("Can publish and unpublish articles"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public"),
            # An edition's lists and their counts (published(language)).
            models.Index(
                fields=["language", "status", "-published_at"], name="article_edition"
            ),
            models.Index(
                fields=["-published_at"],
                condition=Q(featured=True),
                name="article_featured",
            ),
            # An article's other public languages (translations().published()).
            # translation_group's own index is not enough: without statistics
            # SQLite prefers article_public's two columns, and walks every
            # published article (bench/scale.py: 87 ms at 10,000, 0.1 ms here).
            models.Index(
                fields=["translation_group", "status", "-published_at"],
                name="article_translations",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_group", "language"],
                name="one_translation_per_language",
            ),
            # Years every database and Python can read back (PostgreSQL would
            # store 0001-01-01 in Hong Kong time as a BC date Python cannot).
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(
                    published_at__gte=datetime(EARLIEST_YEAR - 1, 12, 31, tzinfo=UTC),
                    published_at__lt=datetime(9000, 1, 1, tzinfo=UTC),
                ),
                name="article_published_at_range",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered once per save, not per view: pages and feeds read body_html.
        self.body_html = render_markdown(self.body)
        self.reading_minutes = reading_minutes(self.body_html)
        self.feed_html = prepare_feed_html(self.body_html, self.get_absolute_url())
        prepare_hero(self)  # the image kept, and its renditions made, once
        if not self._claimed:
            self.edit_version = uuid.uuid4()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            # Whole seconds, as the admin's form gives them: SQLite's Now()
            # has milliseconds, and "now" must not be a moment in its future.
            self.published_at = timezone.now().replace(microsecond=0)
        super().save(*args, **kwargs)
        self._claimed = False
        self.loaded_status = self.status

    def get_absolute_url(self):
        """Its address in its own language's edition."""
        return address("articles:detail", self.language, slug=self.slug)

    def clean_fields(self, exclude=None):
        # The body's size and complexity here rather than in a field validator:
        # the limit is a setting, and a validator would be frozen into a
        # migration. Skipped where a form leaves the body out.
        super().clean_fields(exclude)
        if "body" not in (exclude or ()):
            try:
                validate_body(self.body)
            except ValidationError as error:
                raise ValidationError({"body": error}) from None

    def clean(self):
        if self.hero_image and not self.hero_alt:
            raise ValidationError(
                {"hero_alt": _("Describe the image for readers who cannot see it.")}
            )

    @cached_property
    def hero(self):
        """The hero image as a ``<picture>`` shows it; None without one."""
        return picture(self)

    def translations(self):
        """The other languages' editions of this article (any state)."""
        return Article.objects.filter(translation_group=self.translation_group).exclude(
            pk=self.pk
        )

    def share_image(self):
        """The image link previews and search engines show for this article:
        its hero image's share rendition (``url``, ``width``, ``height``,
        ``alt``) when it has one; None otherwise, and pages offer the site
        card instead (``hkai.seo.structured.site_card``). The widest JPEG:
        every preview service reads JPEG, not every one WebP."""
        if self.hero is None:
            return None
        widest = self.hero.jpeg[-1]
        return Image(widest.url, widest.width, widest.height, self.hero.alt)

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember what was public when loaded, so a save can tell whether the
        public saw anything change (Django's documented ``from_db`` hook)."""
        article = super().from_db(db, field_names, values)
        deferred = article.get_deferred_fields()
        if "status" not in deferred:
            article.loaded_status = article.status
        # Partly loaded, what the public saw is unknown: a save counts as public.
        article.public_when_loaded = UNKNOWN if deferred else article.public_state()
        return article

    def claim(self, seen_version):
        """Take the article for a save if nobody has saved it since the form
        that is saving it was opened (``seen_version``). Atomic, in the
        database: ``UPDATE … WHERE id = … AND edit_version = …``; False when
        someone else got there first."""
        new_version = uuid.uuid4()
        taken = Article.objects.filter(pk=self.pk, edit_version=seen_version).update(
            edit_version=new_version
        )
        if taken:
            self.edit_version, self._claimed = new_version, True
        return bool(taken)

    def is_public(self):
        """Published, and its time has come (the rule of ``published_q``)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def public_state(self):
        """What the public sees of this article; None while it is not public."""
        if not self.is_public():
            return None
        return tuple(getattr(self, name) for name in PUBLIC_FIELDS)

    # Lists of the article's sectors, challenges and tags: prefetched by
    # ``for_listing()``, else read once.
    def _listed(self, name):
        attr = f"_{name}_list"
        if attr not in self.__dict__:
            setattr(self, attr, list(getattr(self, name).all()))
        return self.__dict__[attr]

    @property
    def sector_list(self):
        return self._listed("sectors")

    @sector_list.setter
    def sector_list(self, sectors):  # known already (a search result's)
        self._sectors_list = list(sectors)

    @property
    def challenge_list(self):
        return self._listed("challenges")

    @property
    def tag_list(self):
        return self._listed("tags")

    @property
    def sector_ids(self):
        return [s.pk for s in self.sector_list]

    @property
    def challenge_ids(self):
        return [c.pk for c in self.challenge_list]

    @property
    def tag_ids(self):
        return [t.pk for t in self.tag_list]


UNKNOWN = object()

# The fields a reader can see; a save that changes none of them changes nothing
# public (relations are watched by their own signals: articles/signals.py).
PUBLIC_FIELDS = (
    "title",
    "slug",
    "summary",
    "body_html",
    "author_id",
    "published_at",
    "featured",
    "language",  # which edition lists it
    "hero_image",
    "hero_alt",
)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=Now())


class PreviewLink(models.Model):
    """An address that shows an unpublished article to anyone who has it, for
    an outside reviewer without an account, until it expires or is revoked.

    The address carries the link's id signed with the site's secret key
    (Django's signing), so it cannot be guessed or altered; expiry and
    revocation live here, so an editor can end one link at any time.
    """

    SALT = "articles.preview-link"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="preview_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Preview of “%(title)s”") % {"title": self.article}

    def get_absolute_url(self):
        """In the article's language: the page around it speaks it too. The
        same address every time it is shown (no timestamp in the token)."""
        token = signing.Signer(salt=self.SALT).sign_object(self.pk)
        with translation.override(self.article.language):
            return reverse("articles:shared_preview", kwargs={"token": token})

    @classmethod
    def opened_by(cls, token):
        """The active link a token names, or None (forged, expired, revoked)."""
        try:
            pk = signing.Signer(salt=cls.SALT).unsign_object(token)
        except (signing.BadSignature, ValueError):  # ValueError: a timestamped one
            try:  # a link given out before addresses were stable
                pk = signing.loads(token, salt=cls.SALT)
            except signing.BadSignature:
                return None
        return cls.objects.active().select_related("article").filter(pk=pk).first()


# The search index's tables (articles/search/): models of this app.
from .search.models import FTSEntry, SearchDocument  # noqa: E402, F401
