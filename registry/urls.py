from django.urls import path

from registry import models, views

app_name = "registry"

ROUTES = [
    ("agreements", "agreement", models.Agreement, "<int:pk>"),
    ("calls", "call", models.JointCall, "<int:pk>"),
    ("partners", "partner", models.Partner, "<slug:slug>"),
    ("agencies", "agency", models.Agency, "<slug:slug>"),
    ("areas", "area", models.ResearchArea, "<slug:slug>"),
    ("facilities", "facility", models.Facility, "<slug:slug>"),
    ("reviews", "review", models.JWGReview, "<int:pk>"),
    ("working-groups", "jwg", models.JointWorkingGroup, "<int:pk>"),
]

urlpatterns = [path("", views.HomeView.as_view(), name="home")]
for prefix, name, model, key in ROUTES:
    urlpatterns += [
        path(f"{prefix}/", views.public_list(model), name=f"{name}_list"),
        path(f"{prefix}/{key}/", views.public_detail(model), name=f"{name}_detail"),
    ]

# Static information pages and charts (registry/views_static.py).
from registry import views_static  # noqa: E402

urlpatterns += [
    path(route, views_static.StaticPageView.as_view(template_name=template), name=name)
    for route, name, template in views_static.STATIC_PAGES
]
urlpatterns += [path("charts/", views_static.ChartsView.as_view(), name="charts")]
