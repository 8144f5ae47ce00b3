from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("", views.beat_list, name="beat_list"),
    path("beats/<int:pk>/", views.beat_detail, name="beat_detail"),
]
