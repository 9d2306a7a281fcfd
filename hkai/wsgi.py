"""WSGI entry point: ``gunicorn -c hkai/gunicorn.conf.py hkai.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")

application = get_wsgi_application()
