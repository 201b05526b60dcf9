"""`/search/?q=`: every public record type, through each model's FilterSet `q` filter."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from registry import filters, models
from registry.views.base import CanonicalMixin
from registry.views.page_cache import PageCacheMixin

PER_TYPE = 10

# Heading, model, URL name stem of the list (its `?q=` shows every match).
SEARCHED = [
    (_("Agreements"), models.Agreement, "agreement"),
    (_("Joint calls"), models.JointCall, "call"),
    (_("Partners"), models.Partner, "partner"),
    (_("Research areas"), models.ResearchArea, "area"),
    (_("Facilities"), models.Facility, "facility"),
    (_("Joint Working Group meetings"), models.JWGReview, "review"),
    (_("Joint Working Groups"), models.JointWorkingGroup, "jwg"),
    (_("Indian agencies"), models.Agency, "agency"),
]


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
            for heading, model, kind in SEARCHED:
                filterset = filters.FILTERSETS[model](
                    {"q": query}, queryset=model.objects.published()
                )
                if not filterset.is_valid():
                    errors = filterset.errors.get("q")
                    groups = []
                    break
                matches = filterset.qs
                groups.append((heading, kind, matches.count(), matches[:PER_TYPE]))
        return super().get_context_data(
            query=query,
            errors=errors,
            groups=[g for g in groups if g[2]],
            total=sum(g[2] for g in groups),
            per_type=PER_TYPE,
            **kwargs,
        )
