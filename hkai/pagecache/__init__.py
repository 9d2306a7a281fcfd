"""A page cache shared by every process that serves the site, never stale.

Anonymous GETs for public pages and feeds are answered from a cache without
touching the database. Every stored page records the *generation* it was
rendered in; the current generation lives where every process sees it (Redis
in production, files under ``var/`` in the embedded default), and is read in
the same round trip as the page, or trusted for a short lease. A change the
public can see bumps it once its transaction commits, so every page on every
process is stale on its very next request.

The pieces, each small:

- ``core``: the generation, the one entry point ``content_changed()``, the
  database's record of changes that the cache could not be told, and what
  this process knows (when the cache last failed, when to check again);
- ``keys``: which request is which page: the URL with only the query
  parameters its view reads (``@uses_query``);
- ``middleware``: misses, stores, validators and editors, inside Django;
- ``wsgi``: hits, answered before Django handles the request at all;
- ``local``: each worker's bounded copy of the pages it served, answered
  while their generation is the one it trusts (with Redis, for a short lease:
  ``core``'s docstring says why that is never stale);
- ``filestate``: the embedded default's shared files (generation and pages).

The page cache imports no app's models: an app hands it what it needs, a
schedule of articles coming due, with ``register_schedule()``. The request
paths for a hit, a miss and an editor are in docs/architecture.md.
"""
