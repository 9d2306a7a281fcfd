"""Settings for HK AI Observatory.

Every value that differs between machines comes from an environment variable
(read once, here, with django-environ) and has a safe default: SQLite under
``var/``, the local-memory cache, DEBUG off. See README.md for the list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development). "
            "`python -m hkai.demo` generates one for the local demo."
        )
    SECRET_KEY = "insecure-development-key-never-used-with-debug-off"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as its docs ask: sector and challenge texts in each
    # language (sectors/translation.py).
    "modeltranslation",
    # django.contrib.admin, with every model admin hardened against crafted
    # requests (hkai/adminsite/).
    "hkai.adminsite.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "taggit",
    "reversion",
    "axes",
    "hkai.pagecache",
    "hkai.accounts",
    "hkai.i18n",
    "hkai.seo",
    "hkai.backup",
    "sectors",
    "articles",
    "pages",
    "authors",
]

MIDDLEWARE = [
    # OPTIONS, TRACE and unknown methods answered before anything renders a
    # page; ahead of WhiteNoise, so static files too (hkai/methods.py).
    "hkai.methods.MethodsMiddleware",
    # Outermost but for the method check (it caches GETs only), so the pages it
    # stores carry every header the middleware below adds, and a hit skips
    # them all (hkai/pagecache/).
    "hkai.pagecache.middleware.PageCacheMiddleware",
    # Before SecurityMiddleware and WhiteNoise, so every response carries them,
    # static files and redirects too: Permissions-Policy and
    # Cross-Origin-Resource-Policy (hkai/headers.py), the CSP (hkai/csp.py).
    "hkai.headers.SecurityHeadersMiddleware",
    "hkai.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise must come directly after SecurityMiddleware (its docs say so).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Sessions, the user and messages are for the admin and
    # signed-in editors: a reader's request passes them by (hkai/stack.py).
    "hkai.stack.SessionMiddleware",
    # The language comes from the URL: /zh-hant/… is Chinese, the rest English
    # (i18n_patterns in hkai/urls.py, prefix_default_language=False).
    "hkai.stack.LocaleMiddleware",
    # After the language is known, so the 400 page speaks it (hkai/refusals.py).
    "hkai.refusals.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "hkai.stack.AuthenticationMiddleware",
    "hkai.stack.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a login django-axes's backend refused into the lockout page
    # (hkai/accounts/). Its docs put it last; it only has to wrap the login
    # view, so the old-address middleware can stay innermost.
    "axes.middleware.AxesMiddleware",
    # Innermost: turns a 404 at a merged tag's or a moved article's old slug
    # into a 301 (articles/redirects.py).
    "articles.redirects.OldAddressMiddleware",
]

ROOT_URLCONF = "hkai.urls"
WSGI_APPLICATION = "hkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["hkai.templatetags"],
        },
    }
]

if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default lives in git-ignored var/
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Every gunicorn worker writes to the one file, and anyone can make a write
    # (a failed sign-in is recorded): a transaction takes the write lock when it
    # begins and waits its turn, instead of failing with "database is locked"
    # when two try to upgrade from reading at once (a 503 under a sign-in storm).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://hkai")}
CACHES["default"].setdefault("KEY_PREFIX", env.str("HKAI_CACHE_PREFIX", "hkai"))
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # django-redis keeps one client per server (Django's own backend builds a
    # new one for every call: +0.1 ms per cache hit, docs/performance.md), and
    # takes timeouts, so a Redis that hangs fails a request in a fraction of a
    # second instead of holding it until gunicorn kills the worker.
    CACHES["default"]["BACKEND"] = "django_redis.cache.RedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        SOCKET_CONNECT_TIMEOUT=env.float("HKAI_CACHE_CONNECT_TIMEOUT", default=0.25),
        SOCKET_TIMEOUT=env.float("HKAI_CACHE_SOCKET_TIMEOUT", default=0.25),
    )

# The page cache (hkai/pagecache/): anonymous pages and feeds, kept in
# PAGE_CACHE_ALIAS, and its generation, which must live where every process
# serving the site sees it (PAGE_CACHE_STATE_ALIAS): the default cache when
# that is shared (Redis); with the local-memory default, files under var/
# that every worker on the machine shares, pages and generation alike.
PAGE_CACHE_ENABLED = env.bool("HKAI_PAGE_CACHE", default=True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_STATE_ALIAS = "default"
# How long a worker trusts the generation it read from Redis, in ms; every
# publish waits as long before it answers (the lease, hkai/pagecache/core.py).
# 50 ms: a worker under load renews it once per hundred or so hits, and a
# publish (an admin save, itself ~100 ms) answers 50 ms later. 0: read the
# generation on every hit. The embedded default reads its file every hit.
PAGE_CACHE_LEASE_MS = 0.0
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    _page_cache_dir = Path(
        env.path("HKAI_PAGE_CACHE_STATE_DIR", default=VAR_DIR / "pagecache")
    )
    PAGE_CACHE_ALIAS, PAGE_CACHE_STATE_ALIAS = "pagecache-pages", "pagecache"
    CACHES[PAGE_CACHE_STATE_ALIAS] = {
        "BACKEND": "hkai.pagecache.filestate.SharedFileCache",
        "LOCATION": str(_page_cache_dir),
    }
    # One file per page address (a new render overwrites it in place); at most
    # HKAI_PAGE_CACHE_FILES, the oldest third removed when a new one would
    # pass it. Workers keep what they read in PAGE_CACHE_LOCAL_* below.
    CACHES[PAGE_CACHE_ALIAS] = {
        "BACKEND": "hkai.pagecache.filestate.SharedFileCache",
        "LOCATION": str(_page_cache_dir / "pages"),
        "OPTIONS": {
            "MAX_ENTRIES": env.int("HKAI_PAGE_CACHE_FILES", default=5000),
            "REMEMBER": False,
        },
    }
elif CACHES["default"]["BACKEND"].endswith("RedisCache"):
    PAGE_CACHE_LEASE_MS = 50.0
PAGE_CACHE_LEASE_MS = env.float("HKAI_PAGE_CACHE_LEASE_MS", default=PAGE_CACHE_LEASE_MS)
PAGE_CACHE_SECONDS = env.int("HKAI_PAGE_CACHE_SECONDS", default=600)
# Each worker's own copy of the pages it served (hkai/pagecache/local.py):
# at most this many, and about this many bytes (5 workers: 5 times as much).
PAGE_CACHE_LOCAL_ENTRIES = env.int("HKAI_PAGE_CACHE_LOCAL_ENTRIES", default=1000)
PAGE_CACHE_LOCAL_BYTES = env.int(
    "HKAI_PAGE_CACHE_LOCAL_BYTES", default=32 * 1024 * 1024
)
# How often each process compares the shared generation with the database's
# record of changes: the longest a change stays unseen when the cache could
# not be told of it (docs/deployment.md).
PAGE_CACHE_VERIFY_SECONDS = env.float("HKAI_PAGE_CACHE_VERIFY_SECONDS", default=2)
# After a cache failure, serve uncached this long before trying it again.
PAGE_CACHE_RETRY_SECONDS = env.float("HKAI_PAGE_CACHE_RETRY_SECONDS", default=5)
# Miss storms (hkai/pagecache/storms.py). Concurrent misses for one page wait
# for the first one's render at most this long (then render themselves), and
# a render holds the page's lock at most this long (a holder that died frees
# it then). Renders take 3-50 ms, a few hundred under load: 2 s leaves room
# for a slow one, yet a dead holder delays readers by no more than that.
PAGE_CACHE_LOCK_SECONDS = env.float("HKAI_PAGE_CACHE_LOCK_SECONDS", default=2)
# A hit in the last this many seconds of its entry's life has the page
# rendered again after its answer (once), so hot pages never expire. 0: never.
PAGE_CACHE_REFRESH_SECONDS = env.float("HKAI_PAGE_CACHE_REFRESH_SECONDS", default=60)
# What a CDN or browser may do with a public page (seconds).
PAGE_MAX_AGE = env.int("HKAI_PAGE_MAX_AGE", default=60)
PAGE_S_MAXAGE = env.int("HKAI_PAGE_S_MAXAGE", default=60)

# Sign-in lockouts (django-axes, hkai/accounts/). Its backend comes first, so a
# locked-out client is refused before ModelBackend runs the password hasher
# (about 0.5 s of CPU per attempt, even for a username that does not exist).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Counted separately per username and per client address: a guessed password
# is refused for one account whatever the address, and one address trying many
# (even made-up) usernames is refused whatever the username.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("HKAI_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.float("HKAI_LOGIN_COOLOFF_MINUTES", default=15)
)
# Attempts while locked out are refused without being recorded: a flood costs
# reads, not writes, and the lockout ends on time, so a bot that keeps trying
# cannot keep an editor out for ever (an editor can also unlock earlier).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The sign-in form is always shown; only attempts are refused.
AXES_NEVER_LOCKOUT_GET = True
AXES_LOCKOUT_CALLABLE = "hkai.accounts.lockouts.lockout_response"
# The address lockouts count: REMOTE_ADDR, unless a proxy in front is named
# here; then the entry it wrote in its header (docs/deployment.md).
AXES_CLIENT_IP_CALLABLE = "hkai.accounts.lockouts.client_ip"
CLIENT_IP_HEADER = env.str("HKAI_CLIENT_IP_HEADER", default="")
CLIENT_IP_PROXY_COUNT = env.int("HKAI_CLIENT_IP_PROXY_COUNT", default=1)

# Staff sessions end after this long without a request: a sliding expiry made of
# Django's own settings. Every request of a signed-in user saves the session,
# moving its expiry (the database row's and the cookie's) this far ahead, and
# the server refuses a session past it whatever the browser kept. Only editors
# have sessions (nothing a reader can reach writes to one: tests/test_accounts.py
# checks), so the one small write per editor request costs readers nothing, and
# no middleware of our own is needed.
SESSION_COOKIE_AGE = round(env.float("HKAI_SESSION_IDLE_MINUTES", default=120) * 60)
SESSION_SAVE_EVERY_REQUEST = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Internationalisation: every UI string is marked for translation; the
# Traditional Chinese catalogue is locale/zh_Hant/LC_MESSAGES/django.po,
# compiled by `manage.py compile_catalogues` (docs/translation.md).
# Languages: English at the plain addresses, Traditional Chinese under
# /zh-hant/. Dates and numbers follow the language; for English, Hong Kong's
# "29 November 2026" (hkai/formats/en/).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["hkai.formats"]
# What a language is called in HTML (lang="…"), RSS and hreflang.
HTML_LANGUAGES = {"en": "en", "zh-hant": "zh-Hant-HK"}
# Sector and challenge texts (django-modeltranslation): a language whose text
# is empty shows the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Asia/Hong_Kong"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# An absolute address when the media storage serves from another host (an
# object store's or a CDN's); the CSP's img-src follows the storage's own
# addresses either way (hkai/imagehosts.py).
MEDIA_URL = env.str("DJANGO_MEDIA_URL", default="media/")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    # Uploaded files: local by default; an S3-compatible store is a matter of
    # environment (docs/deployment.md), e.g. storages.backends.s3.S3Storage.
    # The local default removes what a full disk cut short (hkai/storage.py).
    "default": {
        "BACKEND": env.str(
            "DJANGO_MEDIA_STORAGE",
            default="hkai.storage.MediaStorage",
        ),
        "OPTIONS": env.json("DJANGO_MEDIA_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# A static file missing from the manifest falls back to its plain name instead
# of turning the page (even the 500 and 503 pages) into an error.
WHITENOISE_MANIFEST_STRICT = False
# Files WhiteNoise serves at the site's root, for the addresses browsers ask
# for unprompted: /favicon.ico and /apple-touch-icon.png (drawn by
# `manage.py make_icons`). Read when the app starts; no view, no query.
WHITENOISE_ROOT = BASE_DIR / "root_files"

# Uploaded images (hkai/images.py): larger files, or more pixels (a small file
# can decode to gigabytes: a decompression bomb), are a form error.
MAX_IMAGE_BYTES = env.int("HKAI_MAX_IMAGE_BYTES", default=10 * 1024 * 1024)
MAX_IMAGE_PIXELS = env.int("HKAI_MAX_IMAGE_PIXELS", default=40_000_000)

# The largest request body accepted (the largest image and its form, with
# room); a larger one is a 413 page before anything reads it. After every
# answer, what the client is still sending is read and dropped, up to these
# bounds, so it receives the answer instead of a reset connection
# (hkai/request_size.py).
MAX_REQUEST_BYTES = env.int(
    "HKAI_MAX_REQUEST_BYTES", default=MAX_IMAGE_BYTES + 6 * 1024 * 1024
)
REQUEST_DRAIN_BYTES = env.int("HKAI_REQUEST_DRAIN_BYTES", default=64 * 1024 * 1024)
REQUEST_DRAIN_SECONDS = env.float("HKAI_REQUEST_DRAIN_SECONDS", default=5)

# The longest article or page body, in characters (a form error beyond). A
# long-form feature of 15,000 English words is about 100,000 characters; twice
# that leaves room while keeping the render on save well under a second
# (articles/markdown_limits.py, bench/markdown.py).
MAX_BODY_CHARS = env.int("HKAI_MAX_BODY_CHARS", default=200_000)

# Hosts (or https:// origins) that article and page bodies may show images
# from, besides the site's media storage: e.g. "images.example.org". Any other
# image is refused in the admin and dropped from the page (hkai/imagehosts.py).
BODY_IMAGE_HOSTS = env.list("HKAI_BODY_IMAGE_HOSTS", default=[])

# django-taggit: "Research" and "research" are one tag.
TAGGIT_CASE_INSENSITIVE = True

# Site-wide content settings.
SITE_NAME = _("HK AI Observatory")  # the admin's header, the feeds' titles
ARTICLES_PER_PAGE = env.int("HKAI_ARTICLES_PER_PAGE", default=20)
# A search result is taller than a card (it has a passage of the text): ten a
# page, as Wagtail's search view and web search engines show.
SEARCH_RESULTS_PER_PAGE = env.int("HKAI_SEARCH_RESULTS_PER_PAGE", default=10)
# Article cards each process keeps rendered (articles/cards.py): about 1.5 KB
# each, so the default holds every card the busiest pages show in both
# languages for a few megabytes per worker.
KEPT_CARDS = env.int("HKAI_KEPT_CARDS", default=2000)
# Feed items each process keeps written (articles/feed_items.py), per article,
# format and origin: an item carries its whole body (a few KB), so 1,000 is
# every item of fifty feeds in three formats for a few megabytes per worker.
# Each feed's validators are kept too, as many.
KEPT_FEED_ITEMS = env.int("HKAI_KEPT_FEED_ITEMS", default=1000)
# Filter panels each process keeps rendered (articles/panel.py), one per scope
# (filters and words) and language: about 6 KB each.
KEPT_PANELS = env.int("HKAI_KEPT_PANELS", default=500)
# Articles whose topics, related articles and translations each process keeps
# (articles/detail.py): a few hundred bytes of rows each.
KEPT_SURROUNDINGS = env.int("HKAI_KEPT_SURROUNDINGS", default=2000)

# One JSON object per line on stdout (hkai/logs.py); gunicorn's access log
# uses the same format (hkai/gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "hkai.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["stdout"],
            "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
        "hkai": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

# HTTPS and cookies. Off by default so the local demo works over plain HTTP;
# docs/deployment.md lists the values `manage.py check --deploy` passes with.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=False)
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env.bool("DJANGO_USE_X_FORWARDED_HOST", default=False)

# Feeds (see docs/feeds.md). The id authority goes into every item's permanent
# id: set it once, before the first subscriber, and never change it.
FEED_ITEMS = env.int("HKAI_FEED_ITEMS", default=20)
FEED_MAX_AGE = env.int("HKAI_FEED_MAX_AGE", default=300)
FEED_ID_AUTHORITY = env.str("HKAI_FEED_ID_AUTHORITY", default="hkai-observatory")

# The Content-Security-Policy of every response (django-csp, hkai/csp.py;
# docs/deployment.md explains each directive). Nothing is allowed unless named:
# scripts, styles, fonts and the web manifest only from this site's own
# files (no inline script or style, no eval, in the admin too); images from
# the site and, added per response, the media storage's host and
# HKAI_BODY_IMAGE_HOSTS; connections only back to the site (the admin's
# Markdown preview and tag suggestions); forms post only to the site; no
# plug-ins, no <base>, no framing by anyone. JSON-LD blocks
# (<script type="application/ld+json">) are data, never run, so CSP does not
# apply to them and they need no hash or nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features no page of the site uses, denied to it and to anything
# it could embed (Permissions-Policy, hkai/headers.py). Only names Chromium
# knows: it warns of any other (tests/test_csp_browser.py listens). The clipboard
# stays allowed (the subscribe page's copy buttons).
PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
