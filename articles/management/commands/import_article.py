"""``manage.py import_article FILE``: a plain-text or Markdown file as a draft."""

from pathlib import Path

import reversion
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.importing import (
    FORMATS,
    MAX_BYTES,
    ImportRefused,
    read_article,
    save_draft,
)
from articles.models import Tag
from articles.tagging import tag_name
from sectors.models import Challenge, Sector


class Command(BaseCommand):
    help = (
        "Import a plain-text or Markdown article as a draft: repair its text, "
        "turn plain text into Markdown, and suggest sectors, challenges and tags "
        "(applied only with --apply-suggestions)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A .txt or .md file.")
        for option, what in (("sector", "sector"), ("challenge", "challenge")):
            parser.add_argument(
                f"--{option}",
                action="append",
                default=[],
                metavar="SLUG_OR_NAME",
                help=f"File the draft under this {what} (repeatable).",
            )
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            metavar="SLUG_OR_NAME",
            help="Tag the draft with this existing tag (repeatable).",
        )
        parser.add_argument(
            "--author",
            metavar="USERNAME",
            help="The draft's author (default: the first superuser).",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="Read the file as plain text or Markdown (default: auto, by its "
            "name and content).",
        )
        parser.add_argument(
            "--apply-suggestions",
            action="store_true",
            help="Also file the draft under the suggested sectors, challenges and "
            "tags.",
        )

    @transaction.atomic
    def handle(self, *args, file, **options):
        imported = self._read(file, options["format"])
        author = self._author(options["author"])
        with reversion.create_revision():
            reversion.set_user(author)
            reversion.set_comment(_("Imported from the command line"))
            article, suggestions = self._save(imported, author, options)
        shape = "Markdown" if imported.was_markdown else "plain text, now Markdown"
        self.stdout.write(
            self.style.SUCCESS(f"Imported “{article}” as a draft ({shape}).")
        )
        url = reverse("admin:articles_article_change", args=[article.pk])
        self.stdout.write(f"Edit it in the admin: {url}")
        self._list("Repairs:", imported.repairs or ["none needed."])
        if not suggestions:
            self.stdout.write("Suggestions: none.")
        elif options["apply_suggestions"]:
            self._list("Suggestions (applied):", suggestions.lines())
        else:
            self._list(
                "Suggestions (not applied; --apply-suggestions applies them):",
                suggestions.lines(),
            )

    def _save(self, imported, author, options):
        return save_draft(
            imported,
            author,
            sectors=[_find(Sector.objects, "sector", v) for v in options["sector"]],
            challenges=[
                _find(Challenge.objects, "challenge", v) for v in options["challenge"]
            ],
            tags=[_find(Tag.objects, "tag", v) for v in options["tag"]],
            apply_suggestions=options["apply_suggestions"],
        )

    def _read(self, file, format):
        try:
            with file.open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            return read_article(data, filename=file.name, format=format)
        except ImportRefused as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from error

    def _author(self, username):
        users = get_user_model().objects
        if username:
            try:
                return users.get_by_natural_key(username)
            except users.model.DoesNotExist:
                raise CommandError(f"There is no user “{username}”.") from None
        author = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if author is None:
            raise CommandError(
                "There is no superuser to be the author: give --author USERNAME."
            )
        return author

    def _list(self, heading, lines):
        self.stdout.write(heading)
        for line in lines:
            self.stdout.write(f"  {line}")


def _find(objects, what, value):
    """The sector, challenge or tag whose slug or name (any case) is ``value``."""
    if what == "tag":
        found = [
            tag
            for tag in objects.named([value]) | objects.filter(slug=value)
            if tag_name(value).casefold() in (tag.name.casefold(), tag.slug)
        ]
    else:
        found = list(objects.filter(Q(slug=value) | Q(name__iexact=value)))
    if not found:
        known = ", ".join(objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise CommandError(f"There is no {what} “{value}”. Known: {known or 'none'}.")
    return found[0]
