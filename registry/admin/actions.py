"""Bulk publish and unpublish: each record is checked and reported on by itself."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registry.publishing import publish_problems


@admin.action(description=gettext_lazy("Publish selected records"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    published = 0
    for obj in queryset.filter(is_published=False):
        problems = publish_problems(obj)
        if problems:
            modeladmin.message_user(
                request,
                _("Not published “%(obj)s”: %(problems)s.")
                % {"obj": obj, "problems": "; ".join(problems)},
                messages.ERROR,
            )
            continue
        _set_published(obj, True, _("Published"))
        published += 1
    _report(modeladmin, request, published, _("published"))


@admin.action(
    description=gettext_lazy("Unpublish selected records (back to draft)"), permissions=["publish"]
)
def unpublish(modeladmin, request, queryset):
    count = 0
    for obj in queryset.filter(is_published=True):
        _set_published(obj, False, _("Unpublished"))
        count += 1
    _report(modeladmin, request, count, _("unpublished"))


def _set_published(obj, value: bool, reason: str) -> None:
    # One record at a time, each with its own history entry: a refused record never blocks
    # or half-changes another.
    with transaction.atomic():
        obj.is_published = value
        obj._change_reason = reason
        obj.save()


def _report(modeladmin, request, count: int, verb: str) -> None:
    name = modeladmin.model._meta
    what = name.verbose_name if count == 1 else name.verbose_name_plural
    text = ngettext("%(count)d %(what)s %(verb)s.", "%(count)d %(what)s %(verb)s.", count)
    modeladmin.message_user(request, text % {"count": count, "what": what, "verb": verb})
