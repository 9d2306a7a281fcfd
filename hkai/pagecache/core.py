"""The generation every process agrees on, and how it moves on.

- ``content_changed()`` is the one entry point for apps: what the public sees
  changed. Once the transaction commits (once, however many rows changed), the
  database's counter advances and a new generation is written to the shared
  cache.
- ``verify()`` runs in each process every ``PAGE_CACHE_VERIFY_SECONDS``, after
  the cache failed, and when a scheduled article is due: it compares the
  shared generation with the database's counter and the registered schedules,
  and starts a new generation if a change or a scheduled article was missed.
- Any cache failure makes this process serve uncached for
  ``PAGE_CACHE_RETRY_SECONDS`` (fail open, and fast: no request waits on a
  cache that just failed), then verify before it trusts the cache again.
- ``lookup()`` answers from this worker's copy of the pages (``local``)
  whenever the entry's token is the generation it trusts.

The lease: hits that never leave the worker, never stale
---------------------------------------------------------
Where the generation is in Redis, reading it on every hit is a round trip,
most of a hit's cost. So a worker trusts the generation it read for
``PAGE_CACHE_LEASE_MS`` (L), counted from the moment the read was *sent*,
and every write of a new generation (``bump``: a publish, or a check that
found a missed change) waits L after Redis acknowledged it before it
returns. Why no reader is stale once a publish has answered:

- Redis applies the new generation at some instant W, before the publisher's
  write is acknowledged; the publisher returns at W + L or later.
- A read that returned the old generation was applied by Redis before W, so
  it was sent before W; its lease, counted from the send, ends before W + L.
  A slow link (or a worker paused mid-read) only shortens what it trusts.
- Every request that arrives after the publisher returned checks the lease
  after W + L: the old generation is no longer trusted, and the worker reads
  the new one (and the page under it) before it answers.

Only durations on each machine's monotonic clock are compared, never clocks
with each other. The publisher waits L even when its write failed (a Redis
that refuses writes still took the delete, and a worker may hold a lease on
what was deleted). Any cache error ends this worker's lease, as does its own
bump. With the generation in a file (the embedded default) a read is one
``os.stat``, L is 0 and nothing waits.
"""

import contextlib
import logging
import secrets
import threading
import time
import weakref
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.utils import timezone

from . import keys
from .local import LocalPages
from .models import ContentVersion

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


class Generation(NamedTuple):
    """Which version of the site a cached page belongs to."""

    token: str  # a page counts only while its generation's token is current
    started: float  # Unix time: the pages' Last-Modified, and "since" for schedules
    version: int  # the database's change counter it reflects

    @classmethod
    def new(cls, version):
        return cls(secrets.token_hex(8), time.time(), version)


NOT_CACHED = ("/admin/", "/healthz")
NO_TRUST = (0.0, None, None)


class _ProcessState:
    """What this process alone knows (monotonic times), and the settings every
    request reads, read once: on the path of a cache hit, each settings
    lookup costs about a microsecond and each ``caches[alias]`` five."""

    def __init__(self):
        self.down_until = 0.0  # the cache failed: serve uncached until then
        self.verify_at = 0.0  # compare with the database at the next request after
        self.enabled = settings.PAGE_CACHE_ENABLED
        self.one_round_trip = (
            settings.PAGE_CACHE_ALIAS == settings.PAGE_CACHE_STATE_ALIAS
        )
        self.session_cookie = settings.SESSION_COOKIE_NAME
        # Never cached: the admin, the health check, static files (WhiteNoise
        # serves those, with their own caching headers), image renditions
        # (hkai/media.py: files named by their content, cached forever).
        self.not_cached = (
            *NOT_CACHED,
            "/" + settings.STATIC_URL.lstrip("/"),
            "/" + settings.MEDIA_URL.lstrip("/"),
        )
        self.handles = threading.local()  # each thread's cache objects
        # The lease: the generation this process trusts, until when (monotonic).
        self.lease = settings.PAGE_CACHE_LEASE_MS / 1000
        # (until when, the generation, what the shared cache said): one tuple,
        # replaced whole, so no thread sees one read's generation with
        # another's time.
        self.trust = NO_TRUST
        self.local = LocalPages(
            settings.PAGE_CACHE_LOCAL_ENTRIES,
            settings.PAGE_CACHE_LOCAL_BYTES,
            settings.PAGE_CACHE_SECONDS,
        )


state = _ProcessState()
_schedules = []


def register_schedule(schedule):
    """Hand the page cache a ``schedule(since) -> (due, next_due)`` callable.

    ``due``: has anything come due (become public by itself) after the aware
    datetime ``since``; ``next_due``: when the next thing will, or None.
    """
    if schedule not in _schedules:
        _schedules.append(schedule)


def pages():
    """The cache that keeps pages."""
    handles = state.handles
    if not hasattr(handles, "pages"):
        handles.pages = caches[settings.PAGE_CACHE_ALIAS]
    return handles.pages


def shared():
    """The cache that keeps the generation, which every process must see."""
    handles = state.handles
    if not hasattr(handles, "shared"):
        handles.shared = caches[settings.PAGE_CACHE_STATE_ALIAS]
    return handles.shared


def available():
    """Enabled, and the cache has not just failed in this process."""
    return state.enabled and time.monotonic() >= state.down_until


def verification_due():
    return time.monotonic() >= state.verify_at


def cache_failed(action):
    """Serve uncached for a while; when the cache answers again, verify first."""
    logger.warning(
        "page cache unavailable (%s); serving uncached for %ss",
        action,
        settings.PAGE_CACHE_RETRY_SECONDS,
        exc_info=True,
    )
    state.down_until = time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
    state.verify_at = 0.0
    end_lease()


def lookup(key):
    """``(generation or None, entry or None)``: the generation this process
    trusts and the current entry for ``key``. No round trip while the lease
    holds and the worker has the page; at most one otherwise. An entry of an
    older generation is None."""
    trust = state.trust
    if time.monotonic() < trust[0]:
        generation, fetched = trust[1], _NOT_FETCHED
    else:
        generation, fetched = _read_generation(key)
    if generation is None:
        return None, None
    entry = state.local.get(key, generation.token)
    if entry is None:
        if fetched is _NOT_FETCHED:
            fetched = pages().get(key)
        entry = current_entry(fetched, generation)
        if entry is not None:
            state.local.keep(key, entry)
    return generation, entry


_NOT_FETCHED = object()


def _read_generation(key):
    """The shared generation, trusted from now for the lease; the page too
    when the worker has no copy and it comes in the same round trip."""
    sent = time.monotonic()  # before the read is sent: see the module docstring
    if state.one_round_trip and key not in state.local:
        found = pages().get_many([GENERATION_KEY, key])
        raw, fetched = found.get(GENERATION_KEY), found.get(key)
    else:
        raw, fetched = shared().get(GENERATION_KEY), _NOT_FETCHED
    if raw is None:
        state.trust = NO_TRUST
        return None, fetched
    _, generation, before = state.trust
    if raw is not before:  # a file's value is the same object until it changes
        generation = Generation(*raw)
    state.trust = (sent + state.lease, generation, raw)
    return generation, fetched


def store(key, entry):
    """Keep a page rendered under ``entry``'s generation, shared and here."""
    pages().set(key, entry, settings.PAGE_CACHE_SECONDS)
    state.local.keep(key, entry)


def current_entry(entry, generation):
    if entry is None or generation is None or entry[0] != generation.token:
        return None
    return entry


def end_lease():
    """Read the generation afresh at the next request."""
    state.trust = (0.0, *state.trust[1:])


def bump(version):
    """Write a new generation, making every cached page stale, and return once
    no process trusts the old one any more (the lease: module docstring).
    Raises if the cache cannot take it, after deleting the old one if it can
    do that much (a Redis full under ``noeviction`` still deletes): without a
    generation, nothing cached is served."""
    generation = Generation.new(version)
    try:
        shared().set(GENERATION_KEY, tuple(generation), timeout=None)
    except Exception:
        with contextlib.suppress(Exception):
            shared().delete(GENERATION_KEY)
        raise
    finally:
        end_lease()
        if state.lease:
            time.sleep(state.lease)  # counted from the write's acknowledgement
    return generation


def verify(generation):
    """The current generation after comparing it with the database (a new one
    if a change or a scheduled article was missed); None if the cache failed.

    With the database down, nothing can change: keep serving what is cached.
    """
    interval = settings.PAGE_CACHE_VERIFY_SECONDS
    since = generation.started if generation else time.time()
    try:
        version = ContentVersion.objects.current()
        due, next_due = _schedule(datetime.fromtimestamp(since, tz=UTC))
    except DatabaseError:
        logger.warning("page cache: database unreachable; not verified", exc_info=True)
        state.verify_at = time.monotonic() + interval
        return generation
    # Any difference, not only "older": a database restored from a backup has
    # a smaller count than the generation written before.
    if generation is None or generation.version != version or due:
        try:
            generation = bump(version)
        except Exception:
            cache_failed("new generation")
            return None
    if next_due is not None:
        interval = min(interval, (next_due - timezone.now()).total_seconds())
    state.verify_at = time.monotonic() + max(interval, 0)
    return generation


def _schedule(since):
    due, next_due = False, None
    for schedule in _schedules:
        came_due, upcoming = schedule(since)
        due = due or bool(came_due)
        if upcoming is not None and (next_due is None or upcoming < next_due):
            next_due = upcoming
    return due, next_due


# The one entry point for apps. -----------------------------------------------

_pending = threading.local()


class _AfterCommit:
    """Publishes one transaction's change once it commits.

    Only ``on_commit``'s list holds it: if the transaction (or the savepoint it
    was registered in) rolls back, Django drops the list, the weak reference in
    ``_pending`` dies with it, and the next change registers afresh.
    """

    def __init__(self, using):
        self.using = using

    def __call__(self):
        registered = getattr(_pending, self.using, None)
        if registered is not None and registered() is self:
            delattr(_pending, self.using)
        publish_change()


def content_changed(using="default"):
    """What the public sees changed: every cached page is stale from the moment
    the current transaction commits. Call it as often as rows change: one
    transaction makes one change."""
    if not transaction.get_connection(using).in_atomic_block:
        publish_change()
        return
    registered = getattr(_pending, using, None)
    if registered is None or registered() is None:
        callback = _AfterCommit(using)
        setattr(_pending, using, weakref.ref(callback))
        transaction.on_commit(callback, using=using)


def publish_change():
    """Record the change in the database (it survives a cache outage), then
    tell the shared cache (every process sees it at its next request)."""
    try:
        version = ContentVersion.objects.advance()
    except DatabaseError:
        logger.exception("page cache: could not record a change in the database")
        version = 0
    if not settings.PAGE_CACHE_ENABLED:
        return
    try:
        bump(version)
    except Exception:
        cache_failed("recording a change")


# Checks and tests. ------------------------------------------------------------


def check_shared_state(app_configs, **kwargs):
    """The generation must live where every worker sees it."""
    backend = settings.CACHES[settings.PAGE_CACHE_STATE_ALIAS]["BACKEND"]
    if settings.PAGE_CACHE_ENABLED and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The page cache's generation is kept in one process's memory.",
                hint="With several workers, a publish is not seen by the others: "
                "point PAGE_CACHE_STATE_ALIAS at a cache they share.",
                id="pagecache.W001",
            )
        ]
    return []


def forget_on_setting_change(setting, **kwargs):
    if setting.startswith("PAGE_CACHE") or setting == "CACHES":
        state.__init__()
    keys.forget_addresses()
