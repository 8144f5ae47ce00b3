from django.urls import path

from . import dashboard_views

app_name = "reports"

urlpatterns = [
    path("", dashboard_views.index, name="index"),
    path("station/", dashboard_views.station_overview, name="station_overview"),
    path("today/", dashboard_views.officer_home, name="officer_home"),
]
