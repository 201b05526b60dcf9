from django.contrib.sitemaps.views import sitemap
from django.urls import path

from registry import feeds, views
from registry.sitemaps import SITEMAPS
from registry.views import exports, syndication

app_name = "registry"

# URL prefix, URL name stem and the detail page's key. Models' get_absolute_url use the names.
ROUTES = [
    ("agreements", "agreement", "<int:pk>"),
    ("calls", "call", "<int:pk>"),
    ("partners", "partner", "<slug:slug>"),
    ("agencies", "agency", "<slug:slug>"),
    ("areas", "area", "<slug:slug>"),
    ("facilities", "facility", "<slug:slug>"),
    ("reviews", "review", "<int:pk>"),
    ("working-groups", "jwg", "<int:pk>"),
]

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
for prefix, name, key in ROUTES:
    urlpatterns += [
        path(f"{prefix}/", views.LIST_VIEWS[name].as_view(), name=f"{name}_list"),
        path(f"{prefix}/{key}/", views.DETAIL_VIEWS[name].as_view(), name=f"{name}_detail"),
        path(
            f"{prefix}/export.<str:fmt>",
            exports.export_list,
            {"kind": name},
            name=f"{name}_export",
        ),
    ]

# Static information pages and charts (registry/views_static.py).
from registry import views_static  # noqa: E402

urlpatterns += [
    path(route, views_static.StaticPageView.as_view(template_name=template), name=name)
    for route, name, template in views_static.STATIC_PAGES
]
urlpatterns += [path("charts/", views_static.ChartsView.as_view(), name="charts")]
