from django.urls import path

from . import dashboard_views, views

app_name = "reports"

urlpatterns = [
    path("", dashboard_views.index, name="index"),
    path("station/", dashboard_views.station_overview, name="station_overview"),
    path("today/", dashboard_views.officer_home, name="officer_home"),
    path("catalogue/", views.catalogue_view, name="catalogue"),
    path("catalogue/<slug:code>/", views.request_view, name="request"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/row/", views.run_row, name="run_row"),
    path("runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("runs/<int:pk>/download/<slug:fmt>/", views.download, name="download"),
    path("runs/<int:pk>/file/", views.file_run, name="file"),
    path("runs/<int:pk>/reissue/", views.reissue, name="reissue"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("subscriptions/<int:pk>/toggle/", views.subscription_toggle, name="subscription_toggle"),
]
