"""The public visibility rule, written once.

Here rather than in models.py so that sectors (which articles are filed
under) can count published articles without a circular import.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where an article is in its life. Published with a future date is
    "scheduled": it becomes public by itself (articles/workflow.py)."""

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def published_q(prefix="", language=None):
    """Published, and its time has come, as a Q usable across relations
    ("articles__"); in one language's edition when ``language`` is given. A
    future ``published_at`` is a scheduled article that appears by itself, with
    no cron job. ``Now()`` is the database's clock when the query runs, never a
    time frozen into a queryset built earlier; the language, likewise, is the
    reader's, passed in by the view that serves them."""
    rule = Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__lte": Now(),
        }
    )
    if language:
        rule &= Q(**{f"{prefix}language": language})
    return rule
