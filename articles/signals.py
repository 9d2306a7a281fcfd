"""When a change reaches the public, tell the page cache; when not, don't.

Saving a draft, tagging it or filing it changes nothing a reader can see, so
it must not make every cached page stale (nor move every page's
Last-Modified, which would tell the world when editors are at work). What
does: publishing, unpublishing, editing or refiling a live article, deleting
one, renaming a tag or an author that is on a live article, and (watched by
the page cache itself) a scheduled article coming due.
"""

from django.contrib.auth import get_user_model
from django.db.models import signals

from hkai.pagecache.core import content_changed

from .models import Article, Tag, TaggedArticle

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


def connect():
    signals.post_save.connect(article_saved, sender=Article)
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
