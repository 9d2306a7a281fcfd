"""The site's own pages: About, Editorial policy, Corrections, Contact.

A small model of our own rather than ``django.contrib.flatpages``: flatpages
would bring the sites framework for one site, keep raw HTML an editor types
(here Markdown goes through the same sanitiser as articles,
``articles.text.render_markdown``, once on save), and has one title and body
where this site needs one per language (django-modeltranslation,
``pages/translation.py``, as sectors do) and history (django-reversion, as
articles have). Its addresses sit inside ``i18n_patterns`` like every other
page, so ``/zh-hant/about/`` is the Chinese one and the page cache, hreflang
and the language switch need nothing new.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from modeltranslation.utils import build_localized_fieldname

from articles.text import render_markdown, validate_body
from hkai import fields
from hkai.addresses import address

DETAIL = "pages:detail"


def validate_free_address(value):
    """A page's slug is its address, ``/<slug>/``: it must not be one that
    another part of the site answers (``/sectors/``, ``/feeds/``…)."""
    with override(settings.LANGUAGE_CODE):
        try:
            taken = resolve(f"/{value}/").view_name != DETAIL
        except Resolver404:
            taken = False
    if taken:
        raise ValidationError(
            _("The address /%(slug)s/ belongs to another part of the site."),
            params={"slug": value},
        )


class Page(models.Model):
    """One page of the site's own, in each language; editors write Markdown."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        validators=[validate_free_address],
        help_text=_("The page's address, /slug/. The footer links to some of them."),
    )
    title = fields.LineField(_("title"), max_length=200)
    body = fields.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(_("body (HTML)"), editable=False, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered once per save, in every language, not per view.
        for code, _name in settings.LANGUAGES:
            body = getattr(self, build_localized_fieldname("body", code)) or ""
            html = render_markdown(body) if body.strip() else ""
            setattr(self, build_localized_fieldname("body_html", code), html)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address(DETAIL, slug=self.slug)

    def clean_fields(self, exclude=None):
        # Each language's body, as Article.clean_fields checks an article's.
        super().clean_fields(exclude)
        errors = {}
        for code, _name in settings.LANGUAGES:
            field = build_localized_fieldname("body", code)
            if field not in (exclude or ()):
                try:
                    validate_body(getattr(self, field) or "")
                except ValidationError as error:
                    errors[field] = error
        if errors:
            raise ValidationError(errors)
