from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("station/", views.station_overview, name="station_overview"),
]
