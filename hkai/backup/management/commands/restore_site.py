"""``manage.py restore_site PATH``: put a site back from a ``backup_site``
archive, into an empty, migrated database (docs/deployment.md).

Everything is checked before anything changes: the archive against its
manifest, the database's migrations against the backup's, and that the
database holds no content (unless ``--replace``). Then, in one transaction:
the tables emptied (what migrations seeded, sessions), the rows loaded and
counted, the media files stored, the search index rebuilt; and once that
commits, every cached page dropped.
"""

import tempfile
import time

from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hkai.backup import archive, database, media, scope
from hkai.pagecache.core import content_changed


class Command(BaseCommand):
    help = "Restore the site from an archive written by backup_site."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive (.tar.gz).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Restore over a database that has content: its articles, users "
                "and the rest are deleted first, and everyone is signed out."
            ),
        )

    def handle(self, path, replace=False, **options):
        started = time.monotonic()
        storage = storages["default"]
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as data:
            try:
                manifest = archive.check(path, data)
            except archive.InvalidArchive as error:
                raise CommandError(f"{path} cannot be restored: {error}") from None
            self._check_migrations(manifest["migrations"])
            files = {
                name.removeprefix(archive.MEDIA_PREFIX): entry["sha256"]
                for name, entry in manifest["files"].items()
                if name.startswith(archive.MEDIA_PREFIX)
            }
            with transaction.atomic():
                if not replace:
                    self._refuse_if_not_empty(storage, files)
                database.clear()
                database.load(data.name)
                if wrong := database.count_mismatches(manifest["counts"]):
                    raise CommandError(f"Rows loaded differ from the backup's: {wrong}")
                for name, fileobj, size in archive.media_members(path):
                    if media.stored_sha256(storage, name) != files[name]:
                        media.put(storage, name, fileobj, size)
                for command in scope.REBUILD_COMMANDS:
                    call_command(command, stdout=self.stdout)
                content_changed()  # after the commit: cached pages are stale
        self.stdout.write(
            f"Restored {sum(manifest['counts'].values())} rows and {len(files)} "
            f"media files from {path} (backed up {manifest['created_at']}) "
            f"in {time.monotonic() - started:.1f} s."
        )

    def _check_migrations(self, theirs):
        ours = set(database.migrations())
        missing, extra = sorted(set(theirs) - ours), sorted(ours - set(theirs))
        if missing or extra:
            raise CommandError(
                "The database's migrations differ from the backup's. Restore with "
                "the version of the site that made the backup, into a database "
                "made by its `manage.py migrate`; migrate after restoring. "
                f"Not applied here: {missing[:5] or 'none'}; "
                f"applied here only: {extra[:5] or 'none'}."
            )

    def _refuse_if_not_empty(self, storage, files):
        content = scope.content_counts()
        clashes = [
            name
            for name, sha256 in files.items()
            if media.stored_sha256(storage, name) not in (None, sha256)
        ]
        if content or clashes:
            found = ", ".join(f"{n} × {label}" for label, n in sorted(content.items()))
            if clashes:
                found += f"{', ' if found else ''}{len(clashes)} different media files"
            raise CommandError(
                f"Nothing was restored: the database is not empty ({found}). "
                "Restore into an empty database made by `manage.py migrate`, or "
                "pass --replace to delete what is there (back it up first)."
            )
