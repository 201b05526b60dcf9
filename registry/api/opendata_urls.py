"""/data/ (the page), its downloads, their Data Package, the DCAT catalogue, the snapshots."""

from django.urls import path
from django.views.decorators.http import require_safe

from registry.api import opendata_views

app_name = "opendata"

urlpatterns = [
    path("", opendata_views.DataView.as_view(), name="index"),
    path("registry.json", require_safe(opendata_views.data_json), name="json"),
    path("registry-csv.zip", require_safe(opendata_views.data_csv_zip), name="csv_zip"),
    path("datapackage.json", require_safe(opendata_views.datapackage_json), name="datapackage"),
    path("csv/<str:name>", require_safe(opendata_views.csv_file), name="csv_file"),
    path("catalog.jsonld", require_safe(opendata_views.catalog_jsonld), name="catalog"),
    path(
        "snapshots/<str:day>/<str:name>",
        require_safe(opendata_views.snapshot_file),
        name="snapshot",
    ),
]
