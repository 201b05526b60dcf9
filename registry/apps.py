from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "S&T Cooperation Registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from registry.caching import connect_signals

        connect_signals()
