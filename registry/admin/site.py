"""The staff workspace's admin site: the registry's name in the header, the tab and the index,
the change requests waiting on the index, the tracker and API token pages among its URLs, and
the two-factor login (registry/admin/twofactor.py) when settings.REGISTRY_REQUIRE_2FA is on.

It is `admin.site` itself: RegistryAdminConfig (registry/apps.py) names it as the default
site, so every `@admin.register` and `admin.site` reference uses it unchanged.
"""

from django.contrib import admin
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

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

    def has_permission(self, request):
        """With two-factor login required, staff must also have passed the second factor."""
        from registry.admin import twofactor

        allowed = super().has_permission(request)
        return allowed and (not twofactor.required() or twofactor.is_verified(request.user))

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """With two-factor login required, an accepted password leads to the second factor."""
        from registry.admin import twofactor

        if not twofactor.required() or (request.method == "GET" and self.has_permission(request)):
            return super().login(request, extra_context)
        return twofactor.password_step(self, request, extra_context)

    def get_urls(self):
        # Imported here: the tracker module registers admins on this very site.
        from registry.admin.tracker import tracker_view
        from registry.admin.twofactor import api_token_view, second_factor_view

        tracker = path("registry/tracker/", self.admin_view(tracker_view), name="registry_tracker")
        token = path(
            "registry/api-token/",
            self.admin_view(api_token_view),
            {"site": self},
            name="registry_api_token",
        )
        # Not behind admin_view: the user is not logged in until this page accepts a code.
        second_factor = path("two-factor/", second_factor_view, {"site": self}, name="two_factor")
        return [tracker, token, second_factor, *super().get_urls()]
