"""The one place that says what a record needs before the public may see it.

The admin's publish actions, the change forms and imports all ask `publish_problems`, so a
rule changed here changes everywhere.
"""

from django.db import models as dj_models
from django.utils.translation import gettext as _

from registry import catalogue

# Field names each model must fill before it is published (registry/catalogue.py). Every
# record cites its source.
REQUIRED_TO_PUBLISH: dict[type[dj_models.Model], tuple[str, ...]] = {
    t.model: t.required_to_publish for t in catalogue.public()
}

# Action items record internal follow-up; they are staff only and never shown to the public.
NEVER_PUBLISHED = {t.model for t in catalogue.TYPES if t.staff_only}


def publish_problems(obj, m2m: dict | None = None) -> list[str]:
    """What stops `obj` from being published; empty when it may be.

    `m2m` gives many-to-many values not yet saved (a change form's cleaned data); otherwise
    the saved relations are read.
    """
    model = type(obj)
    if model in NEVER_PUBLISHED:
        return [_("%(what)s are staff only and never published.") % _names(model)]
    m2m = m2m or {}
    return [
        _("%(field)s is missing") % {"field": model._meta.get_field(name).verbose_name}
        for name in REQUIRED_TO_PUBLISH.get(model, ())
        if not _has_value(obj, name, m2m)
    ]


def _names(model) -> dict:
    return {"what": str(model._meta.verbose_name_plural).capitalize()}


def _has_value(obj, name: str, m2m: dict) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_many:
        if name in m2m:
            return bool(m2m[name])
        return obj.pk is not None and getattr(obj, name).exists()
    if field.many_to_one:
        return getattr(obj, field.attname) is not None
    value = getattr(obj, name)
    return bool(value.strip()) if isinstance(value, str) else value is not None
