from django.contrib import admin
from django.urls import include, path

from articles.views import home
from hkai.views import healthz

urlpatterns = [
    path("", home, name="home"),
    path("", include("articles.feed_urls")),
    path("", include("articles.urls")),
    path("", include("sectors.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler500 = "hkai.views.server_error"
