from django.urls import path  # noqa: F401

app_name = "incidents"

# Pages of this app arrive with its own issue; the prefix is mounted already.
urlpatterns = []
