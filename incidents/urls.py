from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.IncidentList.as_view(), name="incident_list"),
    path("new/", views.IncidentCreate.as_view(), name="incident_create"),
    path("<int:pk>/", views.IncidentDetail.as_view(), name="incident_detail"),
    path("<int:pk>/edit/", views.IncidentUpdate.as_view(), name="incident_edit"),
    path("<int:pk>/advance/", views.incident_advance, name="incident_advance"),
    path("<int:pk>/parties/", views.incident_add_party, name="incident_add_party"),
    path("disputes/", views.DisputeList.as_view(), name="dispute_list"),
    path("disputes/new/", views.DisputeCreate.as_view(), name="dispute_create"),
    path("disputes/<int:pk>/", views.DisputeDetail.as_view(), name="dispute_detail"),
    path("disputes/<int:pk>/edit/", views.DisputeUpdate.as_view(), name="dispute_edit"),
    path("disputes/<int:pk>/mediate/", views.dispute_mediate, name="dispute_mediate"),
    path("tips/", views.TipList.as_view(), name="tip_list"),
    path("tips/new/", views.TipCreate.as_view(), name="tip_create"),
    path("tips/<int:pk>/", views.TipDetail.as_view(), name="tip_detail"),
    path("tips/<int:pk>/edit/", views.TipUpdate.as_view(), name="tip_edit"),
    path("tips/<int:pk>/status/", views.TipStatus.as_view(), name="tip_status"),
    path("visits/", views.VisitList.as_view(), name="visit_list"),
    path("visits/new/", views.VisitCreate.as_view(), name="visit_create"),
    path("visits/<int:pk>/", views.VisitDetail.as_view(), name="visit_detail"),
    path("visits/<int:pk>/acknowledge/", views.visit_acknowledge, name="visit_acknowledge"),
    path("freshness/", views.freshness, name="freshness"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
]
