from django.urls import path

from . import views

app_name = "sectors"

urlpatterns = [
    path("sectors/", views.sector_list, name="sector_list"),
    path("sectors/<slug:slug>/", views.sector_detail, name="sector_detail"),
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="challenge_detail"),
    path("explore/", views.explore, name="explore"),
]
