from axes.decorators import axes_dispatch
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views import home
from hkai.languages import switch_language
from hkai.media import rendition
from hkai.pagecache.keys import uses_query
from hkai.seo.views import robots_txt
from hkai.views import healthz
from pages.views import web_manifest

urlpatterns = [
    # A locked-out client is answered before the login view runs: no form, no
    # password hasher, no write, two reads; a third of the cost of letting
    # axes's backend refuse it inside the form (docs/performance.md). The same
    # address as the admin's own login URL, which this one shadows.
    path("admin/login/", axes_dispatch(admin.site.login)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Image renditions from the media storage (hkai/media.py), at MEDIA_URL.
    path(settings.MEDIA_URL.lstrip("/") + "<path:name>", rendition, name="media"),
    path("language/<str:code>/", switch_language, name="switch_language"),
    # Always an index, whatever the size: one address for robots.txt and
    # search consoles, and a section's lastmod tells crawlers which to fetch.
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "template_name": "seo/sitemap_index.xml"},
        name="django.contrib.sitemaps.views.index",
    ),
    path(
        "sitemap-<str:section>.xml",
        # ?p= is a section's page: the page cache must key by it.
        uses_query("p")(sitemap),
        {"sitemaps": SITEMAPS, "template_name": "seo/sitemap.xml"},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        robots_txt,
        {
            # Search results are noindex already; crawling them is an
            # unbounded number of the costliest pages for nothing. The
            # language switch only redirects to a page hreflang names.
            "disallow": [
                "admin:index",
                ("articles:shared_preview", "token"),
                "articles:search",
                ("switch_language", "code"),
            ],
            "sitemap": "django.contrib.sitemaps.views.index",
        },
        name="robots_txt",
    ),
]
# The readers' site: English at the plain addresses, Traditional Chinese under
# /zh-hant/ (hkai/languages.py).
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("", include("articles.feed_urls")),
    path("", include("articles.urls")),
    path("", include("sectors.urls")),
    path("", include("authors.urls")),
    path("site.webmanifest", web_manifest, name="web_manifest"),
    # Last: /<slug>/ for the site's own pages (About, Contact…).
    path("", include("pages.urls")),
    prefix_default_language=False,
)

handler400 = "hkai.views.bad_request"
handler500 = "hkai.views.server_error"
