"""`/search/?q=`: every searchable record type, through each model's FilterSet `q` filter."""

from django.views.generic import TemplateView

from registry import catalogue
from registry.views.base import CanonicalMixin
from registry.views.page_cache import PageCacheMixin

PER_TYPE = 10


class SearchView(PageCacheMixin, CanonicalMixin, TemplateView):
    template_name = "registry/search.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 400 if context["errors"] else 200
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        groups, errors = [], None
        if query:
            for record_type in catalogue.searched():
                model = record_type.model
                filterset = catalogue.filterset(model)(
                    {"q": query}, queryset=model.objects.published()
                )
                if not filterset.is_valid():
                    errors = filterset.errors.get("q")
                    groups = []
                    break
                matches = filterset.qs
                groups.append(
                    (record_type.heading, record_type.stem, matches.count(), matches[:PER_TYPE])
                )
        return super().get_context_data(
            query=query,
            errors=errors,
            groups=[g for g in groups if g[2]],
            total=sum(g[2] for g in groups),
            per_type=PER_TYPE,
            **kwargs,
        )
