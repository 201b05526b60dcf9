from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switcher posts here (django.views.i18n.set_language).
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("registry.api.urls")),
    path("data/", include("registry.api.opendata_urls")),
    path("", include("registry.urls")),
]
