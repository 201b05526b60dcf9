"""Static information pages (accessibility, help, contact, privacy, terms) and the charts page."""

from django.conf import settings
from django.views.generic import TemplateView

from registry import charts
from registry.views.page_cache import PageCacheMixin

# URL path, URL name and template of each static page; urls.py builds the routes from this.
STATIC_PAGES = [
    ("accessibility/", "accessibility", "registry/pages/accessibility.html"),
    ("help/", "help", "registry/pages/help.html"),
    ("contact/", "contact", "registry/pages/contact.html"),
    ("privacy/", "privacy", "registry/pages/privacy.html"),
    ("terms/", "terms", "registry/pages/terms.html"),
]


class StaticPageView(TemplateView):
    """A page of fixed text; the contact address comes from settings so it is not hard-coded."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact_email"] = getattr(
            settings, "REGISTRY_CONTACT_EMAIL", settings.DEFAULT_FROM_EMAIL
        )
        return context


class ChartsView(PageCacheMixin, TemplateView):
    template_name = "registry/charts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(charts.all_charts())
        return context
