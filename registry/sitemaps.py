"""sitemap.xml: the lists and every published record page, each in every language (English
unprefixed, Hindi at /hi/...), with the other languages and x-default as alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from registry import catalogue
from registry.views.static import STATIC_PAGES


class LanguagesSitemap(Sitemap):
    """Each item once per language of settings.LANGUAGES, its location reversed in it."""

    i18n = True
    alternates = True
    x_default = True


class ListSitemap(LanguagesSitemap):
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


class RecordSitemap(LanguagesSitemap):
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
