"""The archive: a gzipped tar of ``data.jsonl`` (the rows, Django's JSON
Lines serialization), ``media/<name>`` for each stored file, and
``manifest.json`` last, with the counts of rows and the size and SHA-256 of
every other member.

It is read twice on restore: once to check every checksum before anything is
changed, once to store the media files. Members are read, never extracted to
paths of their own choosing: a member that the manifest does not name, or that
is not a plain file, makes the archive invalid.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from pathlib import Path

FORMAT = "hkai-site-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"


class InvalidArchive(Exception):
    """Not an archive this site wrote, or damaged."""


class _Hashing(io.RawIOBase):
    """Reads from ``fileobj`` and hashes what passes."""

    def __init__(self, fileobj):
        self.fileobj, self.digest, self.size = fileobj, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, n=-1):
        chunk = self.fileobj.read(n)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


class Writer:
    """Adds members to a new archive; ``close`` writes the manifest and moves
    the finished archive to its path (a failed backup leaves no archive)."""

    def __init__(self, path):
        self.path = Path(path)
        fd, self.partial = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".partial"
        )
        os.fchmod(fd, 0o600)  # password hashes, drafts: for its owner only
        self.file = os.fdopen(fd, "wb")
        # Closed by ``close`` or ``abandon``: the archive outlives this call.
        self.tar = tarfile.open(fileobj=self.file, mode="w:gz")  # noqa: SIM115
        self.files = {}

    def add(self, name, fileobj, size, rewind=False):
        if rewind:
            fileobj.seek(0)
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, time.time()
        hashing = _Hashing(fileobj)
        self.tar.addfile(info, hashing)
        if hashing.size != size:
            raise OSError(f"{name} changed size while it was read")
        self.files[name] = {"size": size, "sha256": hashing.digest.hexdigest()}

    def close(self, manifest):
        manifest = {"format": FORMAT, "version": VERSION, **manifest}
        manifest["files"] = self.files
        data = json.dumps(manifest, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, time.time()
        self.tar.addfile(info, io.BytesIO(data))
        self.tar.close()
        self.file.close()
        os.replace(self.partial, self.path)

    def abandon(self):
        self.tar.close()
        self.file.close()
        os.unlink(self.partial)


def check(path, data_to):
    """Read the archive at ``path`` through, check every member against the
    manifest, and copy ``data.jsonl`` to the open binary file ``data_to``.
    Returns the manifest; raises ``InvalidArchive``."""
    found = {}
    manifest = None
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            for member in tar:
                if not member.isfile() or not _expected(member.name):
                    raise InvalidArchive(f"{member.name} is not one of its files")
                fileobj = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(fileobj.read())
                    continue
                digest = hashlib.sha256()
                while chunk := fileobj.read(1024 * 1024):
                    digest.update(chunk)
                    if member.name == DATA:
                        data_to.write(chunk)
                found[member.name] = {"size": member.size, "sha256": digest.hexdigest()}
    except (OSError, EOFError, tarfile.TarError, ValueError) as error:
        raise InvalidArchive(f"it cannot be read ({error})") from error
    if not manifest or manifest.get("format") != FORMAT:
        raise InvalidArchive("it has no manifest: not a backup of this site")
    if manifest.get("version") != VERSION:
        raise InvalidArchive(f"it is in format version {manifest.get('version')}")
    if found != manifest["files"]:
        names = sorted(set(found) ^ set(manifest["files"])) or [
            name for name in found if found[name] != manifest["files"].get(name)
        ]
        raise InvalidArchive(f"its files differ from its manifest: {names[:5]}")
    data_to.flush()
    return manifest


def _expected(name):
    """The manifest, the rows, or a media file's name that stays inside the
    storage (no absolute path, no ``..``)."""
    if name in (MANIFEST, DATA):
        return True
    parts = name.removeprefix(MEDIA_PREFIX).split("/")
    return (
        name.startswith(MEDIA_PREFIX)
        and all(parts)
        and not {".", ".."} & set(parts)
        and "\\" not in name
    )


def media_members(path):
    """``(name in storage, file object, size)`` of each media file."""
    with tarfile.open(path, mode="r:gz") as tar:
        for member in tar:
            if member.name.startswith(MEDIA_PREFIX):
                name = member.name.removeprefix(MEDIA_PREFIX)
                yield name, tar.extractfile(member), member.size
