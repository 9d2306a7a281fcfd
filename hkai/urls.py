from axes.decorators import axes_dispatch
from django.contrib import admin
from django.urls import include, path

from articles.views import home
from hkai.views import healthz

urlpatterns = [
    path("", home, name="home"),
    path("", include("articles.feed_urls")),
    path("", include("articles.urls")),
    path("", include("sectors.urls")),
    # A locked-out client is answered before the login view runs: no form, no
    # password hasher, no write, two reads; a third of the cost of letting
    # axes's backend refuse it inside the form (docs/performance.md). The same
    # address as the admin's own login URL, which this one shadows.
    path("admin/login/", axes_dispatch(admin.site.login)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler500 = "hkai.views.server_error"
