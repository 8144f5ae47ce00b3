from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from communitypolice.accounts.views import home

admin.site.site_header = admin.site.site_title = "社区警务信息平台"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("communitypolice.accounts.urls")),
    path("audit/", include("communitypolice.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("residents/", include("residents.urls")),
    path("places/", include("places.urls")),
    path("incidents/", include("incidents.urls")),
    path("assignments/", include("assignments.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
