from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from registry.views.syndication import security_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switcher posts here (django.views.i18n.set_language).
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("registry.api.urls")),
    path("data/", include("registry.api.opendata_urls")),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("", include("registry.urls")),
]

# Custom error pages (registry/views/errors.py); 500 renders without a request context.
handler404 = "registry.views.errors.page_not_found"
handler500 = "registry.views.errors.server_error"

# bench/run.py measures this hello-world view as the ceiling; it exists only with BENCH_HELLO=1.
if settings.BENCH_HELLO:
    from coop_site.health import hello

    urlpatterns.insert(0, path("bench/hello", hello))
