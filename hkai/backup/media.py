"""Media files, read and written through Django's storage API only, so the
same commands back up a folder on disk and an S3 bucket."""

import hashlib

from django.core.files import File

CHUNK = 1024 * 1024


def walk(storage, path=""):
    """Every file name in ``storage`` under ``path``, sorted, recursively."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:  # a folder storage before its first upload
        if path:
            raise
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for folder in sorted(folders):
        yield from walk(storage, f"{path}/{folder}" if path else folder)


def sha256(fileobj):
    digest = hashlib.sha256()
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def stored_sha256(storage, name):
    """The checksum of the stored file ``name``; None if there is none."""
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as fileobj:
        return sha256(fileobj)


def put(storage, name, fileobj, size):
    """Store ``fileobj`` under exactly ``name``, replacing a file there."""
    if storage.exists(name):
        storage.delete(name)
    content = File(fileobj, name=name)
    content.size = size
    saved = storage.save(name, content)
    if saved != name:  # a storage that renames rather than overwrite
        raise OSError(f"the storage kept {name} as {saved}")
