"""A cache for a few small values that every process on one machine reads on
every request: the page cache's generation, in the embedded default.

Django's ``FileBasedCache`` opens, decompresses and unpickles a file on every
``get`` (about 25 µs: more than the rest of a cache hit). This one remembers
what it last read and reads again only when the file changed, which one
``os.stat`` tells (about 2 µs). A write replaces the file atomically (a
temporary file, then a rename), so a reader sees the old value or the new
one, never half of either; and the new file exists before the old one goes,
so it never has the old one's inode and every replacement is noticed.

Values are shared, not copied: store only immutable ones (tuples, strings).

Pages too (the embedded default's ``PAGE_CACHE_ALIAS``): one file per page
address, which a new render replaces in place, so a page one worker rendered
is found by every other. Options: ``REMEMBER: False`` reads the file at every
``get`` (the page cache keeps its own bounded copy, hkai/pagecache/local.py);
``MAX_ENTRIES`` bounds the files: when a new one would pass it, the oldest
third (by modification time) is removed first. Without it, nothing is culled.
"""

import contextlib
import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class SharedFileCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        self._dir = Path(location)
        self._paths = {}  # (key, version): its file
        self._read = {}  # file: (what stat said, expiry, value)
        options = params.get("OPTIONS", {})
        self._remember = options.get("REMEMBER", True)
        self._max_files = options.get("MAX_ENTRIES")

    def get(self, key, default=None, version=None):
        path = self._path(key, version)
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return default
        seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        remembered = self._read.get(path)
        if remembered is None or remembered[0] != seen:
            try:
                with open(path, "rb") as file:
                    expiry, value = pickle.load(file)
            except FileNotFoundError:
                return default
            remembered = (seen, expiry, value)
            if self._remember:
                self._read[path] = remembered
        _, expiry, value = remembered
        if expiry is not None and expiry <= time.time():
            return default
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        path = self._path(key, version)
        self._make_room(path)
        temporary = self._write(value, timeout)
        try:
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Set ``key`` only if it holds nothing current; True if this call did.
        Atomic between processes (a hard link fails when the name exists), so
        one worker alone wins, as with Redis's ``SET NX``. An expired file is
        removed first; two processes doing that at the same instant may both
        win, once."""
        path = self._path(key, version)
        self._make_room(path)
        temporary = self._write(value, timeout)
        try:
            for _ in range(2):
                try:
                    os.link(temporary, path)
                    return True
                except FileExistsError:
                    if self.get(key, version=version) is not None:
                        return False
                    Path(path).unlink(missing_ok=True)  # expired
            return False
        finally:
            Path(temporary).unlink(missing_ok=True)

    def _write(self, value, timeout):
        """A new temporary file holding ``value`` and its expiry: its path."""
        expiry = self.get_backend_timeout(timeout)  # a Unix time, or None
        self._dir.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self._dir, suffix=".tmp")
        try:
            with open(descriptor, "wb") as file:
                pickle.dump((expiry, value), file, pickle.HIGHEST_PROTOCOL)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return temporary

    def _make_room(self, path):
        if self._max_files is not None and not os.path.exists(path):
            self._dir.mkdir(parents=True, exist_ok=True)
            self._cull()

    def _cull(self):
        """Make room for one more file: remove the oldest third if full."""
        with os.scandir(self._dir) as found:
            files = [e for e in found if e.name.endswith(".value")]
        if len(files) < self._max_files:
            return
        by_age = []
        for entry in files:
            with contextlib.suppress(FileNotFoundError):  # another worker's cull
                by_age.append((entry.stat().st_mtime_ns, entry.path))
        by_age.sort()
        for _, path in by_age[: max(1, len(by_age) // 3)]:
            Path(path).unlink(missing_ok=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, version=version)
        if value is None:
            return False
        self.set(key, value, timeout, version=version)
        return True

    def delete(self, key, version=None):
        try:
            os.remove(self._path(key, version))
        except FileNotFoundError:
            return False
        return True

    def has_key(self, key, version=None):
        return self.get(key, version=version) is not None

    def clear(self):
        for path in self._dir.glob("*.value"):
            path.unlink(missing_ok=True)

    def _path(self, key, version):
        path = self._paths.get((key, version))
        if path is None:
            name = self.make_and_validate_key(key, version=version)
            digest = hashlib.sha256(name.encode()).hexdigest()
            path = self._paths[key, version] = str(self._dir / f"{digest}.value")
        return path
