"""`{% seeking_date_hierarchy cl %}`: Django's date drill-down, answered by index seeks
(registry/admin/dates.py); templates/admin/change_list.html puts it in every changelist."""

from django import template

from registry.admin.dates import date_hierarchy

register = template.Library()
register.inclusion_tag("admin/date_hierarchy.html", name="seeking_date_hierarchy")(date_hierarchy)
