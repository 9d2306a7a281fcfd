"""The framework's ceiling: a one-view Django app, served like the site.

gunicorn -c hkai/gunicorn.conf.py bench.hello:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    USE_TZ=True,
)


def hello(request):
    return HttpResponse("Hello, world!")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
