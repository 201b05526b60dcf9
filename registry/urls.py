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
