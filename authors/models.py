"""Who writes: a public profile for an author, in each language."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hkai import fields
from hkai.addresses import address


class AuthorProfile(models.Model):
    """An author's page, /authors/<slug>/, and the link from their bylines.

    Name, role and bio are in each language (authors/translation.py); a user
    without a profile keeps a plain byline and has no page.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the author's address. Changing it breaks links."),
    )
    display_name = fields.LineField(_("name"), max_length=100)
    role = fields.LineField(
        _("role"), max_length=100, blank=True, help_text=_("Such as “Data reporter”.")
    )
    bio = fields.TextField(
        _("short biography"), blank=True, help_text=_("Plain text, a few sentences.")
    )

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")
        ordering = ["slug"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return address("authors:detail", slug=self.slug)
