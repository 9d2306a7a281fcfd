"""When a change reaches the public, tell the page cache; when not, don't.

Saving a draft, tagging it or filing it changes nothing a reader can see, so
it must not make every cached page stale (nor move every page's
Last-Modified, which would tell the world when editors are at work). What
does: publishing, unpublishing, editing or refiling a live article, deleting
one, renaming a tag or an author that is on a live article, and (watched by
the page cache itself) a scheduled article coming due.

Also here, because it is decided on the same saves: the old address a
published article leaves when its slug changes (``ArticleRedirect``).
"""

from django.contrib.auth import get_user_model
from django.db.models import signals

from hkai.pagecache.core import content_changed

from .models import Article, ArticleRedirect, Tag, TaggedArticle

RELATION_CHANGES = {"post_add", "post_remove", "post_clear"}


def article_saved(sender, instance, **kwargs):
    before = instance.public_when_loaded
    after = instance.public_state()
    instance.public_when_loaded = after
    if before != after:
        content_changed()


def article_deleted(sender, instance, **kwargs):
    if instance.is_public():
        content_changed()


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Sectors, challenges or tags of an article changed (or, from the other
    side, the articles of a sector: always public, it is in the navigation)."""
    if action not in RELATION_CHANGES or (pk_set is not None and not pk_set):
        return
    if reverse or not isinstance(instance, Article) or instance.is_public():
        content_changed()


def tag_saved(sender, instance, created, **kwargs):
    """A new tag is on nothing public yet; a renamed one may be."""
    if not created and on_public_articles(instance.tagged_articles):
        content_changed()


def tag_deleted(sender, instance, **kwargs):
    """Asked before the delete cascades, while its links still say where it was."""
    if on_public_articles(instance.tagged_articles):
        content_changed()


def author_saved(sender, instance, update_fields=None, **kwargs):
    """Bylines and feeds show authors' names (a login's last_login does not)."""
    if update_fields and set(update_fields) <= {"last_login", "password"}:
        return
    if Article.objects.published().filter(author=instance).exists():
        content_changed()


def on_public_articles(links):
    return Article.objects.published().filter(tagged_items__in=links.all()).exists()


# Old addresses: a published or scheduled article whose slug changes leaves a
# redirect from the old one (articles/redirects.py). The state before the save
# is read from the database, not from the instance: whoever built it.


def article_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the slug and status the article has in the database."""
    instance.address_before = None
    if raw or instance._state.adding or (update_fields and "slug" not in update_fields):
        return
    instance.address_before = (
        Article.objects.filter(pk=instance.pk).values_list("slug", "status").first()
    )


def article_moved(sender, instance, created, raw=False, **kwargs):
    """The slug an article takes is nobody's old address; the one a published
    article leaves redirects to it."""
    before = getattr(instance, "address_before", None)
    if raw or not (created or (before and before[0] != instance.slug)):
        return
    ArticleRedirect.objects.filter(old_slug=instance.slug).delete()
    if before and before[1] == Article.Status.PUBLISHED:
        ArticleRedirect.objects.update_or_create(
            old_slug=before[0], defaults={"article": instance}
        )


def connect():
    signals.post_save.connect(article_saved, sender=Article)
    signals.pre_save.connect(article_saving, sender=Article)
    signals.post_save.connect(article_moved, sender=Article)
    signals.post_delete.connect(article_deleted, sender=Article)
    for relation in (
        Article.sectors.through,
        Article.challenges.through,
        TaggedArticle,
    ):
        signals.m2m_changed.connect(relation_changed, sender=relation)
    signals.post_save.connect(tag_saved, sender=Tag)
    signals.pre_delete.connect(tag_deleted, sender=Tag)
    signals.post_save.connect(author_saved, sender=get_user_model())
