from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "S&T Cooperation Registry"
    default_auto_field = "django.db.models.BigAutoField"
