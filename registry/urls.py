from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from registry import catalogue, views
from registry.sitemaps import SITEMAPS
from registry.views import feeds, identifiers, static, syndication

app_name = "registry"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/agreements.atom", feeds.AgreementFeed(), name="agreement_feed"),
    path("feeds/calls.atom", feeds.JointCallFeed(), name="call_feed"),
    path("calendar.ics", syndication.calendar_all, name="calendar"),
    path(
        "partners/<slug:slug>/calendar.ics",
        syndication.calendar_partner,
        name="partner_calendar",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", syndication.robots_txt, name="robots"),
]
# Each record type's list, its export and its record pages (registry/catalogue.py). Models'
# get_absolute_url use the names.
for record_type in catalogue.with_pages():
    stem, prefix, key = record_type.stem, record_type.url_prefix, record_type.detail_key
    list_view = catalogue.list_view(record_type).as_view()
    urlpatterns += [
        path(f"{prefix}/", list_view, name=f"{stem}_list"),
        path(
            f"{prefix}/{key}/", catalogue.detail_view(record_type).as_view(), name=f"{stem}_detail"
        ),
        path(f"{prefix}/export.<str:fmt>", list_view, name=f"{stem}_export"),
    ]

# Static information pages and charts (registry/views/static.py).
urlpatterns += [
    path(route, static.StaticPageView.as_view(template_name=template), name=name)
    for route, name, template in static.STATIC_PAGES
]
urlpatterns += [path("charts/", static.ChartsView.as_view(), name="charts")]

# Permanent identifiers (AGR-000123) lead to their records (registry/views/identifiers.py).
urlpatterns += [re_path(r"^id/(?P<identifier>[^/]+)/?$", identifiers.resolve, name="identifier")]
