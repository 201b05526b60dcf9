"""The audit log in the admin: every staff role may read, filter, search and download it;
nobody may add, change or delete an event (they are written by registry.audit only)."""

import csv

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from registry.admin.changes import admin_url
from registry.exports import spreadsheet_safe
from registry.models import AuditEvent

CSV_COLUMNS = [
    "when",
    "action",
    "username",
    "record_type",
    "record_id",
    "record",
    "ip_address",
    "detail",
]


def csv_row(event) -> list:
    return [
        # Indian time with its offset: unambiguous, and the time staff read in the list.
        localtime(event.at).isoformat(timespec="seconds"),
        event.action,
        event.username,
        event.content_type.model if event.content_type else "",
        event.object_id or "",
        event.object_repr,
        event.ip_address or "",
        event.detail,
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "username", "record_link", "ip_address", "detail"]
    # Only the kinds of record the log holds events of, not every table of the project.
    list_filter = [
        "action",
        ("at", admin.DateFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["content_type"]
    search_fields = ["username", "user__username", "object_repr", "ip_address"]
    date_hierarchy = "at"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # pruned only by `manage.py prune_audit_log`, past the retention period

    @admin.display(description=_("record"), ordering="object_repr")
    def record_link(self, event):
        model = event.content_type and event.content_type.model_class()
        if model is None or event.object_id is None:
            return event.object_repr
        return format_html(
            '<a href="{}">{}</a>', admin_url(model, "change", event.object_id), event.object_repr
        )

    def get_urls(self):
        download = path(
            "csv/", self.admin_site.admin_view(self.csv_view), name="registry_auditevent_csv"
        )
        return [download, *super().get_urls()]

    def csv_view(self, request):
        """The events the changelist shows with the same filters and search, every page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            events = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            # As the changelist itself answers a filter it does not know.
            return HttpResponseRedirect(admin_url(AuditEvent, "changelist") + "?e=1")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        # A failed login's username is whatever was typed: never let it run as a formula.
        writer.writerows(spreadsheet_safe(csv_row(e)) for e in events.iterator())
        return response
