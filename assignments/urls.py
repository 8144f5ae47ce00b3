from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("", views.beat_list, name="beat_list"),
    path("beats/new/", views.beat_edit, name="beat_create"),
    path("beats/<int:pk>/", views.beat_detail, name="beat_detail"),
    path("beats/<int:pk>/edit/", views.beat_edit, name="beat_update"),
    path("beats/<int:pk>/post/", views.assignment_create, name="assignment_create"),
    path("allocation/", views.allocation, name="allocation"),
    path("allocation/rule/", views.allocation_rule, name="allocation_rule"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("officers/<int:pk>/duty/", views.duty_officer, name="duty_officer"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/new/<int:assignment_pk>/", views.transfer_create, name="transfer_create"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("duty/", views.duty_month, name="duty_month"),
    path("duty/week/", views.duty_week, name="duty_week"),
    path("duty/dispatches/", views.dispatch_list, name="dispatch_list"),
    path("duty/dispatches/<int:pk>/", views.dispatch_decide, name="dispatch_decide"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.training_create, name="training_create"),
]
