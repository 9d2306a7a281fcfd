"""Helpers for tests/test_backup.py, run inside ``manage.py`` subprocesses
against a real database (``python -m tests.backup_sites enrich|snapshot``):
content beyond the demo's, and a snapshot of everything a backup holds."""

import hashlib
import json
import sys
from datetime import timedelta

import django

PASSWORDS = {"ed": "an editor's long password 17", "au": "an author's long password 23"}
# Words from the demo articles' text, in both scripts.
QUERIES = ["privacy", "hospital", "私隱", "AI", "lamppost"]


def enrich():
    """A site as editors leave it: revisions, every state, both languages,
    a merged tag, a renamed article, an edited page and sector, groups."""
    import reversion
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from articles.models import Article, PreviewLink, Tag
    from articles.tagcare import merge_tags
    from articles.translating import start_translation
    from authors.models import AuthorProfile
    from pages.models import Page
    from sectors.models import Sector

    ed = User.objects.create_user("ed", "ed@example.hk", PASSWORDS["ed"], is_staff=True)
    ed.groups.add(Group.objects.get(name="Editor"))
    au = User.objects.create_user("au", "au@example.hk", PASSWORDS["au"], is_staff=True)
    au.groups.add(Group.objects.get(name="Author"))
    AuthorProfile.objects.create(
        user=au, slug="au", display_name_en="A. U.", display_name_zh_hant="區記者"
    )
    live = Article.objects.published().filter(language="en", hero_image__gt="")[0]
    for title in ("Revised once", "Revised twice: lampposts"):
        with reversion.create_revision():
            reversion.set_user(ed)
            reversion.set_comment(f"Changed title to {title}")
            live.title = title
            live.slug = f"{live.slug}-v"  # leaves an old address
            live.save()
    with reversion.create_revision():
        reversion.set_user(ed)
        original = next(
            a
            for a in Article.objects.published().filter(language="en")
            if not a.translations().exists()
        )
        translation = start_translation(original, "zh-hant", ed)
        translation.title = "燈柱上的人工智能"
        translation.save()
    with reversion.create_revision():
        reversion.set_user(au)
        draft = Article.objects.create(
            title="An author's draft about privacy",
            slug="authors-draft",
            summary="Not public.",
            body="Privacy, **draft**.",
            author=au,
            status=Article.Status.REVIEW,
        )
        draft.tags.set(["Draft tag", "私隱"])
        draft.shared_with.add(ed)
    Article.objects.filter(status=Article.Status.DRAFT).first().tags.add("AI")
    keep, other = Tag.objects.get(name="Draft tag"), Tag.objects.order_by("pk")[0]
    merge_tags(keep, [other], user=ed)
    PreviewLink.objects.create(
        article=draft, created_by=ed, expires_at=timezone.now() + timedelta(days=3)
    )
    with reversion.create_revision():
        reversion.set_user(ed)
        page = Page.objects.get(slug="about")
        page.title_zh_hant = "關於我們"
        page.save()
    sector = Sector.objects.order_by("pk")[0]
    sector.name_zh_hant = "教育（更新）"
    sector.save()


def write_after():
    """An article written after the backup, which a restore over the site
    must remove, from the search index too."""
    from django.contrib.auth.models import User

    from articles.models import Article

    Article.objects.create(
        title="Written after the backup: privacy",
        slug="after-the-backup",
        summary="Gone after a restore.",
        body="Privacy and hospital lampposts.",
        author=User.objects.get(username="ed"),
        status=Article.Status.PUBLISHED,
    )


def snapshot():
    """Every backed-up row as the database holds it, every media file's
    SHA-256, and what searches find. Ids are compared, except those of
    many-to-many links (a group's permissions, an article's sectors): the
    archive holds the links, which nothing refers to by id. Content types
    and permissions by natural key: each database numbers its own."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.storage import storages
    from django.core.serializers.json import DjangoJSONEncoder
    from django.db import connection

    from articles.search import text
    from articles.search.engines import engine
    from hkai.backup import media, scope

    by_key = {
        ContentType: lambda pk: list(ContentType.objects.get(pk=pk).natural_key()),
        Permission: lambda pk: list(Permission.objects.get(pk=pk).natural_key()),
    }
    qn = connection.ops.quote_name
    models = scope.backed_up()
    models += [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    rows = {}
    with connection.cursor() as cursor:
        for model in models:
            fields = [
                f
                for f in model._meta.concrete_fields
                if not (model._meta.auto_created and f.primary_key)
            ]
            columns = ", ".join(qn(f.column) for f in fields)
            cursor.execute(f"SELECT {columns} FROM {qn(model._meta.db_table)}")
            table = [
                {
                    f.attname: by_key[f.related_model](value)
                    if f.related_model in by_key and value is not None
                    else value
                    for f, value in zip(fields, row, strict=True)
                }
                for row in cursor.fetchall()
            ]
            rows[model._meta.label] = sorted(
                table, key=lambda r: json.dumps(r, cls=DjangoJSONEncoder)
            )
    storage = storages["default"]
    files = {}
    for name in media.walk(storage):
        with storage.open(name, "rb") as fileobj:
            files[name] = hashlib.sha256(fileobj.read()).hexdigest()
    search = {
        q: sorted(pk for pk, _score in engine().ranking(text.parse(q))) for q in QUERIES
    }
    print(
        json.dumps(
            {"rows": rows, "media": files, "search": search}, cls=DjangoJSONEncoder
        )
    )


if __name__ == "__main__":
    django.setup()
    {"enrich": enrich, "write_after": write_after, "snapshot": snapshot}[sys.argv[1]]()
