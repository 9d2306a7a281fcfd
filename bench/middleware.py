"""What each middleware costs a public page, in-process: µs per request.

    .venv/bin/python bench/middleware.py            # prints Markdown tables

A one-line public view (``/bench-hello/``, inside ``i18n_patterns`` like the
readers' pages, next to the site's own URLs) is requested through Django's
``WSGIHandler`` with the project's MIDDLEWARE and a probe between every two
middleware: each middleware's own time is what passes between its probes,
going in and coming out, so one row does not depend on the others (removing
one at a time would subtract two noisy totals). Each figure is the median of
``BENCH_REQUESTS`` × ``BENCH_REPEATS`` requests (defaults 3,000 × 5). The
page cache is off (its cost is the cache's, measured by bench/run.py), so
every request takes the path of an uncached page. The project's WSGI wrappers
(hkai/wsgi.py: ``bounded_requests``, ``first_visit_language``) are timed
around a WSGI app that answers at once: what they add to a cache hit. No
database is touched: an anonymous request needs none in this stack.
"""

import importlib
import io
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")
os.environ["HKAI_PAGE_CACHE"] = "0"
# WhiteNoise warns once per stack built when static files are not collected.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.conf.urls.i18n import i18n_patterns  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402
from django.utils import translation  # noqa: E402

from hkai import urls as site_urls  # noqa: E402
from hkai.languages import first_visit_language  # noqa: E402
from hkai.request_size import bounded_requests  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
# This module by its name, even when run as a script: the URLconf and the
# probes' class are looked up by name.
URLCONF = "bench.middleware"
PATHS = {"English page": "/bench-hello/", "Chinese page": "/zh-hant/bench-hello/"}


def hello(request):
    return HttpResponse("Hello, world!")


urlpatterns = [
    *site_urls.urlpatterns[:-1],
    *i18n_patterns(path("bench-hello/", hello), prefix_default_language=False),
    site_urls.urlpatterns[-1],  # the readers' site, with its catch-all last
]


def environ(path_info):
    """What gunicorn hands Django for a browser's anonymous GET."""
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
        "HTTP_USER_AGENT": "bench",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def start_response(status, headers, exc_info=None):
    return None


class Probe:
    """Put between every two middleware: notes when a request passes it going
    in and its response coming out, so each middleware's own time is what
    lies between its two probes, whatever the others cost."""

    made = []

    def __init__(self, get_response):
        self.get_response = get_response
        Probe.made.append(self)

    def __call__(self, request):
        self.entered = time.perf_counter()
        response = self.get_response(request)
        self.left = time.perf_counter()
        return response


PROBE = f"{URLCONF}.Probe"


def run(application, path_info):
    """One request, its body read and closed as a server does."""
    response = application(environ(path_info), start_response)
    b"".join(response)
    if hasattr(response, "close"):
        response.close()


def microseconds(application, path_info):
    """Best per-request time of ``application`` for ``path_info``, in µs."""
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        for _ in range(REQUESTS):
            run(application, path_info)
        best = min(best, time.perf_counter() - started)
    return best / REQUESTS * 1e6


def stack_costs(middleware, path_info):
    """µs of each middleware's own work per request (median of all requests),
    then the handler, URL resolution and view inside them, then the whole."""
    with override_settings(
        MIDDLEWARE=[item for m in middleware for item in (PROBE, m)] + [PROBE],
        ROOT_URLCONF=URLCONF,
    ):
        clear_url_caches()
        Probe.made.clear()
        handler = WSGIHandler()
        probes = Probe.made[::-1]  # built innermost first
        # Without LocaleMiddleware the language would be whatever the last
        # request left active: the address's own, as the middleware would set.
        translation.activate(translation.get_language_from_path(path_info) or "en")
        status = []
        handler(environ(path_info), lambda s, h, e=None: status.append(s))
        assert status[0].startswith("200"), (path_info, status)
        samples = []
        for _ in range(REQUESTS * REPEATS):
            started = time.perf_counter()
            run(handler, path_info)
            total = time.perf_counter() - started
            inner = probes[-1]
            samples.append(
                [
                    (after.entered - before.entered) + (before.left - after.left)
                    for before, after in zip(probes, probes[1:], strict=False)
                ]
                + [inner.left - inner.entered, total]
            )
    return [statistics.median(column) * 1e6 for column in zip(*samples, strict=True)]


def wrapper_rows():
    """What the WSGI wrappers add in front of an answer that costs nothing."""

    def answer(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"hit"]

    bare = microseconds(answer, "/articles/")
    for name, wrapped in (
        ("bounded_requests", bounded_requests(answer)),
        ("first_visit_language", first_visit_language(answer)),
    ):
        for path_info in ("/articles/", "/"):
            cost = microseconds(wrapped, path_info) - bare
            yield f"| WSGI `{name}` (`{path_info}`) | {cost:.1f} |"


def main():
    full = list(settings.MIDDLEWARE)
    print(f"{REQUESTS * REPEATS} requests a column, median; page cache off.\n")
    print("| middleware | " + " | ".join(f"µs, {name}" for name in PATHS) + " |")
    print("| --- |" + " --- |" * len(PATHS))
    columns = [stack_costs(full, path_info) for path_info in PATHS.values()]
    for index, middleware in enumerate(full):
        short = middleware.rsplit(".", 1)[-1]
        print(f"| `{short}` | " + " | ".join(f"{c[index]:.1f}" for c in columns) + " |")
    n = len(full)
    print(
        "| **all middleware** | "
        + " | ".join(f"**{sum(c[:n]):.1f}**" for c in columns)
        + " |"
    )
    print(
        "| view (URL resolution, view) | "
        + " | ".join(f"{c[n]:.1f}" for c in columns)
        + " |"
    )
    print(
        "| whole request (with probes) | "
        + " | ".join(f"{c[n + 1]:.1f}" for c in columns)
        + " |"
    )
    print("\n| WSGI wrapper, around an instant answer | µs |\n| --- | --- |")
    for row in wrapper_rows():
        print(row)


if __name__ == "__main__":
    # Run as the module the settings name (its probes are the ones counted).
    importlib.import_module(URLCONF).main()
