"""/data/ (the page), /data/registry.json and /data/registry-csv.zip."""

from django.urls import path
from django.views.decorators.http import require_safe

from registry.api import opendata_views

app_name = "opendata"

urlpatterns = [
    path("", opendata_views.DataView.as_view(), name="index"),
    path("registry.json", require_safe(opendata_views.data_json), name="json"),
    path("registry-csv.zip", require_safe(opendata_views.data_csv_zip), name="csv_zip"),
]
