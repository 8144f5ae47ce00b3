from django.urls import path

from . import views

app_name = "ledgers"

urlpatterns = [
    path("", views.index, name="index"),
    path("templates/<slug:code>/", views.template, name="template"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/status/", views.batch_status, name="batch_status"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/undo/", views.undo, name="undo"),
    path("<int:pk>/rejected/", views.rejected, name="rejected"),
]
