"""Merging tags: several become one, and nothing is lost.

Every article of the merged tags gets the tag kept (an article that had two of
them keeps one), the merged tags are deleted, their old addresses and their
own slugs redirect to the tag kept (``TagRedirect``), and the admin's history
records what was merged into what, and by whom: one transaction, one
page-cache change.
"""

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hkai.pagecache.core import content_changed

from .models import Article, Tag, TaggedArticle, TagRedirect


def merge_tags(keep, others, *, user):
    """Merge the tags ``others`` into ``keep`` on behalf of ``user``; the
    number of articles ``keep`` is on afterwards."""
    with transaction.atomic():
        # Locked, and read afresh: another editor may have merged one already.
        others = list(
            Tag.objects.select_for_update()
            .filter(pk__in=[tag.pk for tag in others])
            .exclude(pk=keep.pk)
            .order_by("name")
        )
        if not others:
            return keep.tagged_articles.count()
        links = TaggedArticle.objects.filter(tag__in=others)
        public = Article.objects.published().filter(tagged_items__in=links).exists()
        articles = {tag.pk: [] for tag in others}
        for tag_id, article_id in links.order_by("content_object_id").values_list(
            "tag_id", "content_object_id"
        ):
            articles[tag_id].append(article_id)
        has_keep = set(keep.tagged_articles.values_list("content_object_id", flat=True))
        gaining = {pk for pks in articles.values() for pk in pks} - has_keep
        TaggedArticle.objects.bulk_create(
            TaggedArticle(tag=keep, content_object_id=pk) for pk in sorted(gaining)
        )
        TagRedirect.objects.filter(tag__in=others).update(tag=keep)
        for tag in others:
            TagRedirect.objects.update_or_create(
                old_slug=tag.slug, defaults={"tag": keep}
            )
        Tag.objects.filter(pk__in=[tag.pk for tag in others]).delete()  # and links
        message = merge_message(keep, others, articles)
        LogEntry.objects.log_actions(
            user.pk, [keep], CHANGE, change_message=message, single_object=True
        )
        with reversion.create_revision():  # the kept tag's history says so too
            reversion.set_user(user)
            reversion.set_comment(message)
            reversion.add_to_revision(keep)
        if public:
            content_changed()  # bulk writes send no signals
        return len(has_keep | gaining)


def merge_message(keep, others, articles):
    """What the admin's history says: enough to undo the merge by hand."""
    merged = [
        _("“%(name)s” (slug %(slug)s; articles: %(articles)s)")
        % {
            "name": tag.name,
            "slug": tag.slug,
            "articles": ", ".join(map(str, articles[tag.pk])) or _("none"),
        }
        for tag in others
    ]
    return ngettext(
        "Merged tag %(merged)s into “%(keep)s”.",
        "Merged tags %(merged)s into “%(keep)s”.",
        len(others),
    ) % {"merged": "; ".join(merged), "keep": keep.name}
