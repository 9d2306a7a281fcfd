from django.urls import path

from . import archives, preview, views
from .search.views import search

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<yyyy:year>/", archives.YearArchiveView.as_view(), name="year"),
    path(
        "articles/<yyyy:year>/<mm:month>/",
        archives.MonthArchiveView.as_view(),
        name="month",
    ),
    path("articles/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("search/", search, name="search"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<uslug:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("preview/<str:token>/", preview.shared_preview, name="shared_preview"),
]
