"""``manage.py backup_site PATH``: the whole site in one archive (rows, media
files, manifest), to restore with ``restore_site`` (docs/deployment.md)."""

import platform
import tempfile
import time

from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from hkai.backup import archive, database, media


class Command(BaseCommand):
    help = (
        "Write every article, revision, tag, author, page, user and group, and "
        "every media file, to one .tar.gz archive at PATH."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive (.tar.gz).")

    def handle(self, path, **options):
        started = time.monotonic()
        storage = storages["default"]
        writer = archive.Writer(path)
        try:
            with tempfile.TemporaryFile() as data:
                # The rows first, in one snapshot; then the files. An image
                # uploaded meanwhile is in the archive without its article;
                # never an article without its image (originals stay).
                with transaction.atomic():
                    database.snapshot_isolation()
                    counts = database.dump(data)
                    applied = database.migrations()
                writer.add(archive.DATA, data, data.tell(), rewind=True)
            names = list(media.walk(storage))
            for name in names:
                with storage.open(name, "rb") as fileobj:
                    writer.add(archive.MEDIA_PREFIX + name, fileobj, storage.size(name))
            writer.close(
                {
                    "created_at": timezone.now().isoformat(),
                    "database": connection.vendor,
                    "python": platform.python_version(),
                    "migrations": applied,
                    "counts": counts,
                }
            )
        except BaseException:
            writer.abandon()
            raise
        self.stdout.write(
            f"Backed up {sum(counts.values())} rows of {len(counts)} models and "
            f"{len(names)} media files to {path} "
            f"in {time.monotonic() - started:.1f} s."
        )
