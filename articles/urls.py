from django.urls import path, register_converter

from . import converters, views

register_converter(converters.UnicodeSlugConverter, "uslug")
register_converter(converters.YearConverter, "yyyy")
register_converter(converters.MonthConverter, "mm")

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<yyyy:year>/", views.ArticleYearArchiveView.as_view(), name="year"),
    path(
        "articles/<yyyy:year>/<mm:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="month",
    ),
    path("articles/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<uslug:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
]
