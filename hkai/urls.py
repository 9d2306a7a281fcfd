from axes.decorators import axes_dispatch
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views import home
from hkai.languages import switch_language
from hkai.media import rendition
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
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
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

handler500 = "hkai.views.server_error"
