"""Who may do what with an article, and what each step is called.

::

    draft ⇄ in review ──▶ published (now, or scheduled) ──▶ archived
      ▲         │              │                              │
      └─────────┴──────────────┴────── back to draft ◀────────┘

Authors write drafts (their own, or ones an editor shared with them), submit
them for review and withdraw them. Only holders of ``articles.publish_article``
(editors) publish, schedule, unpublish and archive, and edit anything. These
rules are checked on the server for every way in: the form, bulk actions,
``list_editable``, "save as new", and crafted POSTs.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .visibility import Status

DRAFT, REVIEW, PUBLISHED, ARCHIVED = (
    Status.DRAFT,
    Status.REVIEW,
    Status.PUBLISHED,
    Status.ARCHIVED,
)
AUTHOR_MOVES = {DRAFT: {REVIEW}, REVIEW: {DRAFT}}
EDITOR_MOVES = {
    DRAFT: {REVIEW, PUBLISHED, ARCHIVED},
    REVIEW: {DRAFT, PUBLISHED, ARCHIVED},
    PUBLISHED: {DRAFT, ARCHIVED},
    ARCHIVED: {DRAFT},
}
# What a new article may start as.
AUTHOR_STARTS = {DRAFT, REVIEW}


def is_editor(user):
    return user.has_perm("articles.publish_article")


def theirs(user):
    """A Q for the articles ``user`` wrote or an editor shared with them."""
    return Q(author=user) | Q(shared_with=user)


def is_theirs(user, article):
    if article.pk is None or article.author_id == user.pk:
        return True
    return article.shared_with.filter(pk=user.pk).exists()


def may_edit(user, article):
    """Editors edit anything; authors their own drafts (in review, an article
    waits for an editor: the author withdraws it to edit it again)."""
    if is_editor(user):
        return True
    return article.loaded_status == DRAFT and is_theirs(user, article)


def next_states(user, article):
    """The states ``user`` may put ``article`` in, its present one included."""
    current = article.loaded_status
    if current is None:  # a new article
        return set(Status) if is_editor(user) else set(AUTHOR_STARTS)
    if is_editor(user):
        return {current, *EDITOR_MOVES[current]}
    if not is_theirs(user, article):
        return {current}
    return {current, *AUTHOR_MOVES.get(current, ())}


def check_move(user, article):
    """Refuse a state change ``user`` may not make, however it was asked for."""
    if article.status not in next_states(user, article):
        raise PermissionDenied(
            _("You may not move this article from “%(old)s” to “%(new)s”.")
            % {"old": label(article.loaded_status), "new": label(article.status)}
        )


def label(status):
    return Status(status).label if status else pgettext("article state", "new")


def state_of(article):
    """What the admin shows: "Scheduled for 5 December 2026, 09:00" for a
    published article whose time has not come."""
    if is_scheduled(article):
        when = formats.date_format(
            timezone.localtime(article.published_at), "DATETIME_FORMAT"
        )
        return _("Scheduled for %(when)s") % {"when": when}
    return label(article.status)


def is_scheduled(article):
    return (
        article.status == PUBLISHED
        and article.published_at is not None
        and article.published_at > timezone.now()
    )


def describe_move(old, article):
    """The admin log's words for a state change (None when there is none)."""
    new = article.status
    if old == new:
        return None
    if new == PUBLISHED:
        return state_of(article) if is_scheduled(article) else _("Published")
    return {
        (DRAFT, REVIEW): _("Submitted for review"),
        (None, REVIEW): _("Submitted for review"),
        (REVIEW, DRAFT): _("Returned to draft"),
        (PUBLISHED, DRAFT): _("Unpublished"),
        (ARCHIVED, DRAFT): _("Restored from the archive"),
    }.get((old, new), _("Archived") if new == ARCHIVED else label(new))
