"""The staff workspace's admin site: the registry's name in the header, the tab and the index,
the change requests waiting on the index, and the tracker page among its URLs.

It is `admin.site` itself: RegistryAdminConfig (registry/apps.py) names it as the default
site, so every `@admin.register` and `admin.site` reference uses it unchanged.
"""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

SITE_HEADER = _("S&T Cooperation Registry — staff workspace")
SITE_TITLE = _("S&T Cooperation Registry staff workspace")


class RegistryAdminSite(admin.AdminSite):
    site_header = SITE_HEADER
    site_title = SITE_TITLE
    index_title = _("Records and tools")
    index_template = "admin/registry/index.html"
    # The index and the breadcrumbs lead to every list; at 1366 px the sidebar's 300 px are
    # better spent on a changelist and its filters.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        """The index says how many change requests wait for this user's decision."""
        from registry.admin.changes import proposals_url, waiting_count

        waiting = {
            "waiting_change_requests": waiting_count(request.user),
            "change_requests_url": proposals_url(),
        }
        return super().index(request, {**waiting, **(extra_context or {})})

    def get_urls(self):
        # Imported here: the tracker module registers admins on this very site.
        from registry.admin.tracker import tracker_view

        tracker = path("registry/tracker/", self.admin_view(tracker_view), name="registry_tracker")
        return [tracker, *super().get_urls()]
