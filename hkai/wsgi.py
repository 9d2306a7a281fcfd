"""WSGI entry point: ``gunicorn -c hkai/gunicorn.conf.py hkai.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")

django_application = get_wsgi_application()

from hkai.pagecache.wsgi import serve_cached_pages  # noqa: E402  (needs Django set up)

# Page-cache hits are answered here, before Django handles the request.
application = serve_cached_pages(django_application)
