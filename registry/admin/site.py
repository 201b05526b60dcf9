"""The admin site reads as the registry's own: its name in the header, the tab and the index."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

SITE_HEADER = _("S&T Cooperation Registry — staff workspace")
SITE_TITLE = _("S&T Cooperation Registry staff workspace")

admin.site.site_header = SITE_HEADER
admin.site.site_title = SITE_TITLE
admin.site.index_title = _("Records and tools")
# The index and the breadcrumbs lead to every list; at 1366 px the sidebar's 300 px are
# better spent on a changelist and its filters.
admin.site.enable_nav_sidebar = False
