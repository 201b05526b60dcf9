from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "S&T Cooperation Registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from registry import audit, caching, warming

        caching.connect_signals()
        audit.connect_signals()
        warming.connect_signals()


class RegistryAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the registry's site as `admin.site` (in INSTALLED_APPS in
    place of "django.contrib.admin", as Django documents for overriding the default site)."""

    # Not the default config of the `registry` package: that stays RegistryConfig.
    default = False
    default_site = "registry.admin.site.RegistryAdminSite"

    def ready(self):
        # The site's class is in the registry.admin package, whose modules register on
        # admin.site as they load. Loading the package first makes their first use of
        # admin.site build the one site; were the package loaded by that first use itself
        # (autodiscover's), the registrations made meanwhile would go to a discarded site.
        import registry.admin  # noqa: F401

        super().ready()
