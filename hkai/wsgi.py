"""WSGI entry point: ``gunicorn -c hkai/gunicorn.conf.py hkai.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")

django_application = get_wsgi_application()

from hkai.languages import first_visit_language  # noqa: E402  (needs Django set up)
from hkai.pagecache.wsgi import serve_cached_pages  # noqa: E402
from hkai.request_size import bounded_requests  # noqa: E402

# Page-cache hits are answered here, before Django handles the request; a first
# visit to / from a Chinese browser is sent to /zh-hant/ before that. Outermost,
# a request too large is refused before anything reads it, and every request's
# unread body is drained after its answer (hkai/request_size.py).
application = bounded_requests(
    first_visit_language(serve_cached_pages(django_application))
)
