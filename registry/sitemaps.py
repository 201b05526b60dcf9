"""sitemap.xml: the lists and every published record page."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from registry import catalogue
from registry.views.static import STATIC_PAGES


class ListSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "registry:home",
            *(f"registry:{t.stem}_list" for t in catalogue.in_sitemap()),
            "registry:search",
            "registry:charts",
            *(f"registry:{name}" for _route, name, _template in STATIC_PAGES),
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    changefreq = "weekly"

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {
    "lists": ListSitemap,
    **{t.url_prefix: RecordSitemap(t.model) for t in catalogue.in_sitemap()},
}
