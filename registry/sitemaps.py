"""sitemap.xml: the lists and every published record page."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from registry import models
from registry.views_static import STATIC_PAGES


class ListSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "registry:home",
            "registry:agreement_list",
            "registry:call_list",
            "registry:partner_list",
            "registry:area_list",
            "registry:facility_list",
            "registry:review_list",
            "registry:jwg_list",
            "registry:agency_list",
            "registry:search",
            "registry:charts",
            *(f"registry:{name}" for _route, name, _template in STATIC_PAGES),
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    changefreq = "weekly"
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


def record_sitemap(model):
    return type(f"{model.__name__}Sitemap", (RecordSitemap,), {"model": model})


SITEMAPS = {
    "lists": ListSitemap,
    "agreements": record_sitemap(models.Agreement),
    "calls": record_sitemap(models.JointCall),
    "partners": record_sitemap(models.Partner),
    "areas": record_sitemap(models.ResearchArea),
    "facilities": record_sitemap(models.Facility),
    "reviews": record_sitemap(models.JWGReview),
    "working-groups": record_sitemap(models.JointWorkingGroup),
    "agencies": record_sitemap(models.Agency),
}
