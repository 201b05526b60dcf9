from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from coop_site.i18n import set_language
from registry.urls import language_neutral_urlpatterns
from registry.views.syndication import security_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switcher posts here (Django's set_language, coop_site/i18n.py).
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("registry.api.urls")),
    path("data/", include("registry.api.opendata_urls")),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    *language_neutral_urlpatterns,
]
# The public pages: English unprefixed (/agreements/), Hindi at /hi/agreements/
# (coop_site/i18n.py says which language an address gets).
urlpatterns += i18n_patterns(path("", include("registry.urls")), prefix_default_language=False)

# Custom error pages (registry/views/errors.py); 500 renders without a request context.
handler404 = "registry.views.errors.page_not_found"
handler500 = "registry.views.errors.server_error"

# bench/run.py measures this hello-world view as the ceiling; it exists only with BENCH_HELLO=1.
if settings.BENCH_HELLO:
    from coop_site.health import hello

    urlpatterns.insert(0, path("bench/hello", hello))
