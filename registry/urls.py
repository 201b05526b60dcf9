from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from registry import catalogue, views
from registry.sitemaps import SITEMAPS
from registry.views import alerts, briefing, changes, feeds, identifiers, static, syndication

app_name = "registry"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/export.<str:fmt>", views.SearchView.as_view(), name="search_export"),
    path("feeds/agreements.atom", feeds.AgreementFeed(), name="agreement_feed"),
    path("feeds/calls.atom", feeds.JointCallFeed(), name="call_feed"),
    path("calendar.ics", syndication.calendar_all, name="calendar"),
    path(
        "partners/<slug:slug>/calendar.ics",
        syndication.calendar_partner,
        name="partner_calendar",
    ),
    path(
        "partners/<slug:slug>/briefing/",
        briefing.PartnerBriefingView.as_view(),
        name="partner_briefing",
    ),
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

# E-mail alerts without an account (registry/views/alerts.py).
urlpatterns += [
    path("alerts/new/<str:stem>/", alerts.subscribe, name="alert_subscribe"),
    path("alerts/new/<str:stem>/<int:record_id>/", alerts.subscribe, name="alert_follow"),
    path("alerts/check-your-email/", alerts.check_email, name="alert_check_email"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="alert_confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="alert_unsubscribe"),
    path("alerts/manage/<str:token>/", alerts.manage, name="alert_manage"),
]

# The public change log and its feed (registry/views/changes.py).
urlpatterns += [
    path("changes/", changes.ChangeLogView.as_view(), name="changes"),
    path("changes/feed/", changes.ChangeFeed(), name="changes_feed"),
]

# Each list's current filter as Atom, and for dated records as iCalendar:
# /<list>/feed/?<query> and /<list>/calendar.ics?<query>. Put before the record pages, as
# "feed" would read as a slug.
urlpatterns[:0] = [
    path(f"{t.url_prefix}/feed/", feeds.ListFeed(t), name=f"{t.stem}_list_feed")
    for t in catalogue.with_pages()
]
urlpatterns += [
    path(
        f"{t.url_prefix}/calendar.ics",
        syndication.calendar_list,
        {"stem": t.stem},
        name=f"{t.stem}_calendar",
    )
    for t in syndication.calendar_types()
]

# One address in every language, outside the language-prefixed pages (coop_site/urls.py puts
# these at the root, without the registry namespace): permanent identifiers (AGR-000123) lead
# to their records (registry/views/identifiers.py); the sitemap lists every page in every
# language; robots.txt is read at the root only.
language_neutral_urlpatterns = [
    re_path(r"^id/(?P<identifier>[^/]+)/?$", identifiers.resolve, name="identifier"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", syndication.robots_txt, name="robots"),
]
