"""/api/v1/ (the records), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI, local assets)."""

from django.urls import include, path
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from registry import catalogue

app_name = "api"

# /api/v1/<url prefix>/ for every record type in the API (registry/catalogue.py).
router = DefaultRouter()
for prefix, viewset in catalogue.endpoints().items():
    router.register(prefix, viewset, basename=catalogue.of(viewset.model).stem)


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its script in a separate file (no inline script, for the CSP)."""

    template_name = "registry/api/swagger_ui.html"
    url_name = "api:schema"

    def _get_schema_url(self, request):
        # JSON rather than the default YAML: the browser parses it in a fraction of the time.
        return set_query_parameters(super()._get_schema_url(request), format="json")


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(), name="docs"),
]
