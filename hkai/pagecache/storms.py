"""Miss storms: one render per page per generation, hot pages kept warm.

**Concurrent misses.** After a publish every page is stale at once, and a
popular page is asked for by many readers in the same few milliseconds. The
first miss takes a short lock on the page (``PAGE_CACHE_LOCK_SECONDS``),
renders, stores and releases it. The others wait for its entry, looking every
few milliseconds (1 ms at first, then half as long again each time, at most
20 ms: a 3 ms render is answered within about 2 ms of being stored, a 40 ms
one within about 10, a slow one within 20), and answer it with
``X-Cache: wait``. They stop waiting and render themselves when the lock is
gone without an entry (the page was not cacheable, or its generation moved
on) or after ``PAGE_CACHE_LOCK_SECONDS`` (its holder died or hangs). A cache
that fails is never waited on: the request renders, as any request does while
the cache is down. Editors never get here.

The lock lives where the pages are shared: in Redis, ``cache.add`` (``SET NX
PX``); in the embedded default, a file created with ``O_CREAT | O_EXCL`` in
the page cache's state directory, expired by its age. Pages kept in each
worker's own memory are shared by nobody: nothing to wait for, no lock.

**Hot pages re-rendered before they expire.** Each entry records when it is
due for a refresh: ``PAGE_CACHE_REFRESH_SECONDS`` before it expires. A hit
that finds its entry due answers it as usual and then, once the response has
been sent (the WSGI response's ``close()``, which gunicorn calls after the
last byte, in the same worker and thread), takes the page's lock without
waiting and renders it again through the whole Django stack, as a request of
its own: Django's ``request_started``/``request_finished`` open and close its
database connection as for any request. With sync workers this is the only
safe place: a thread would share the worker with the next request and need
its own connection, and the reader has already got the page. Only the holder
of the lock re-renders, and only if the entry is still due, so a page is
re-rendered once however many hits find it due. A publish makes entries
stale by generation, not by age: those are rendered on their next request,
each once, by the lock above, never all at once.
"""

import hashlib
import io
import logging
import os
import secrets
import time
from functools import partial
from pathlib import Path

from django.conf import settings

from hkai.wsgibody import ThenClose

from . import core

logger = logging.getLogger(__name__)

# In the WSGI environ: a hit found its entry due for a refresh. The value is
# ``(key, environ)``: the page's key and the request as it came, to render again.
REFRESH_DUE = "hkai.pagecache.refresh_due"
# In the environ of the re-render: render and store, whatever is cached.
REFRESH = "hkai.pagecache.refresh"

FIRST_POLL, LONGEST_POLL = 0.001, 0.02


def refresh_at():
    """When an entry stored now is due to be rendered again (Unix time)."""
    return (
        time.time() + settings.PAGE_CACHE_SECONDS - settings.PAGE_CACHE_REFRESH_SECONDS
    )


def refresh_due(entry):
    """Is this entry in the last ``PAGE_CACHE_REFRESH_SECONDS`` of its life?"""
    return len(entry) > 4 and entry[4] <= time.time()


# Locks. ------------------------------------------------------------------------


class CacheLock:
    """A lock in the shared cache: ``add`` is ``SET NX PX`` in Redis."""

    def __init__(self, key):
        self.key = key + ":lock"
        self.token = secrets.token_hex(8)

    def acquire(self):
        return core.pages().add(self.key, self.token, settings.PAGE_CACHE_LOCK_SECONDS)

    def held(self):
        return core.pages().get(self.key) is not None

    def release(self):
        # Not ours any more if it expired and another took it.
        if core.pages().get(self.key) == self.token:
            core.pages().delete(self.key)


class FileLock:
    """A file in the state directory, created only if absent (atomic on
    every local file system); older than ``PAGE_CACHE_LOCK_SECONDS``, its
    holder is taken for dead and the file for absent."""

    def __init__(self, key):
        location = settings.CACHES[settings.PAGE_CACHE_STATE_ALIAS]["LOCATION"]
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        self.path = Path(location) / f"{digest}.lock"
        self.token = secrets.token_hex(8).encode()

    def acquire(self):
        for _ in range(2):  # once more after removing an expired lock
            try:
                descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                if not self._remove_expired():
                    return False
            except FileNotFoundError:  # no state directory yet
                self.path.parent.mkdir(parents=True, exist_ok=True)
            else:
                with open(descriptor, "wb") as file:
                    file.write(self.token)
                return True
        return False

    def held(self):
        try:
            return not self._expired(os.stat(self.path))
        except FileNotFoundError:
            return False

    def release(self):
        try:
            if self.path.read_bytes() == self.token:
                self.path.unlink()
        except FileNotFoundError:
            pass

    def _remove_expired(self):
        """Remove the lock if it expired; True if it is gone. Two processes
        may both find it expired and both take it: two renders, not a wait."""
        try:
            stat = os.stat(self.path)
            if not self._expired(stat):
                return False
            self.path.unlink()
        except FileNotFoundError:
            pass
        return True

    @staticmethod
    def _expired(stat):
        return time.time() - stat.st_mtime > settings.PAGE_CACHE_LOCK_SECONDS


class NoLock:
    """Pages kept in each worker's memory: nobody else has them to wait for."""

    def __init__(self, key):
        pass

    def acquire(self):
        return True

    def held(self):
        return False

    def release(self):
        pass


def lock_for(key):
    caches = settings.CACHES
    if caches[settings.PAGE_CACHE_ALIAS]["BACKEND"].endswith("LocMemCache"):
        return NoLock(key)
    if caches[settings.PAGE_CACHE_STATE_ALIAS]["BACKEND"].endswith("SharedFileCache"):
        return FileLock(key)
    return CacheLock(key)


# A miss. -------------------------------------------------------------------------


def render_or_wait(key):
    """``(lock, entry)`` for a miss: the page's lock, taken (render, store,
    then release it); or the entry another request rendered meanwhile; or
    ``(None, None)``: render without the lock (it did not come in time, or
    the cache failed)."""
    lock = lock_for(key)
    try:
        if lock.acquire():
            # Its holder may have stored it and let go since our lookup.
            _, entry = core.lookup(key)
            if entry is None:
                return lock, None
            lock.release()
            return None, entry
        return None, _wait(key, lock)
    except Exception:
        core.cache_failed("page lock")
        return None, None


def release(lock):
    try:
        lock.release()
    except Exception:
        core.cache_failed("page lock")


def _wait(key, lock):
    deadline = time.monotonic() + settings.PAGE_CACHE_LOCK_SECONDS
    pause = FIRST_POLL
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 1.5, LONGEST_POLL)
        _, entry = core.lookup(key)
        if entry is not None:
            return entry
        if not lock.held():
            # Released: stored just after our look, or not stored at all.
            return core.lookup(key)[1]
    return None


def rendered(request, how, started):
    """One line per render of a cached page: what was rendered, why, how long."""
    logger.info(
        "page rendered",
        extra={
            "path": request.path,
            "cache": how,
            "render_ms": round((time.monotonic() - started) * 1000, 1),
        },
    )


# A refresh, after a hit has been answered. ----------------------------------------


def refresh_after(body, application, environ):
    """A response's body, as given; once the server has sent it (``close``),
    the page is rendered again if this process wins its lock."""
    key, request = environ.pop(REFRESH_DUE)
    return ThenClose(body, partial(refresh, application, key, request))


def refresh(application, key, environ):
    """Render the page at ``key`` again and store it, unless another process
    is doing it or has done it."""
    lock = lock_for(key)
    try:
        if not lock.acquire():
            return
    except Exception:
        core.cache_failed("page lock")
        return
    try:
        generation, entry = core.lookup(key)
        if entry is None or not refresh_due(entry):
            return
        # This worker's own copy may be older than the shared one, which
        # another worker has rendered again already: take that instead.
        shared = core.current_entry(core.pages().get(key), generation)
        if shared is not None and not refresh_due(shared):
            core.state.local.keep(key, shared)
        else:
            result = application(_fresh_request(environ), _discard)
            try:
                for _ in result:
                    pass
            finally:
                if hasattr(result, "close"):
                    result.close()
    except Exception:
        logger.exception("page cache: could not refresh a page")
    finally:
        release(lock)


def _fresh_request(environ):
    """The request as it came, unconditional, without what the page cache
    noted on it, and marked to be rendered and stored."""
    fresh = {
        name: value
        for name, value in environ.items()
        if not name.startswith(("HTTP_IF_", "hkai.pagecache."))
    }
    fresh.update({REFRESH: True, "wsgi.input": io.BytesIO(), "CONTENT_LENGTH": "0"})
    return fresh


def _discard(status, headers, exc_info=None):
    return lambda data: None
