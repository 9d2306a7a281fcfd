from django.urls import path

from . import views

app_name = "pages"

# Included last in hkai/urls.py: /<slug>/ answers only what nothing else does
# (and a page's slug may not take an address another route has).
urlpatterns = [
    path("<slug:slug>/", views.page_detail, name="detail"),
]
