"""This worker's own copy of the pages it served, so a hit stays in memory.

A shared cache (Redis, or files shared by the workers) costs a round trip or
a read and an unpickle per hit; this copy costs a dictionary lookup. An entry
is the very tuple the shared cache holds, ``(token, status, headers, body,
refresh at)``,
kept as a plain object (never pickled again) and answered only while its
token is the generation the caller trusts (``core.lookup``), so the copy can
never be staler than the shared cache.

Bounded by count and by bytes (settings ``PAGE_CACHE_LOCAL_ENTRIES`` and
``PAGE_CACHE_LOCAL_BYTES``), the least recently used evicted first; a copy
also ends ``PAGE_CACHE_SECONDS`` after it was taken, so a page leaves memory
about when it leaves the shared cache.
"""

import threading
import time
from collections import OrderedDict

# What an entry costs beyond its body: the tuple, the key, the headers.
OVERHEAD = 512


def size(entry):
    """About how many bytes ``entry`` holds: its body, its headers, overhead."""
    headers, content = entry[2], entry[3]
    return len(content) + sum(len(n) + len(v) for n, v in headers) + OVERHEAD


class LocalPages:
    def __init__(self, max_entries, max_bytes, seconds):
        self.max_entries, self.max_bytes, self.seconds = max_entries, max_bytes, seconds
        self._kept = OrderedDict()  # key: (entry, size, until) in use order
        self.bytes = 0
        self._lock = threading.Lock()  # for gthread workers; free when uncontended

    def __len__(self):
        return len(self._kept)

    def __contains__(self, key):
        return key in self._kept

    def get(self, key, token):
        """The kept entry for ``key`` if it belongs to generation ``token``."""
        kept = self._kept.get(key)
        if kept is None or kept[0][0] != token or kept[2] <= time.monotonic():
            return None
        try:  # noqa: SIM105 (suppress() would add 0.3 µs to every hit)
            self._kept.move_to_end(key)
        except KeyError:  # another thread evicted it just now: still good
            pass
        return kept[0]

    def keep(self, key, entry):
        """Keep ``entry`` (replacing ``key``'s), then evict down to the bounds."""
        cost = size(entry)
        with self._lock:
            self._drop(key)
            if cost > self.max_bytes or self.max_entries < 1:
                return
            self._kept[key] = (entry, cost, time.monotonic() + self.seconds)
            self.bytes += cost
            while len(self._kept) > self.max_entries or self.bytes > self.max_bytes:
                self._drop(next(iter(self._kept)))

    def clear(self):
        with self._lock:
            self._kept.clear()
            self.bytes = 0

    def _drop(self, key):
        kept = self._kept.pop(key, None)
        if kept is not None:
            self.bytes -= kept[1]
