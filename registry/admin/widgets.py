"""Admin widgets: staff enter date and time in Indian time, and the field says so."""

from django.contrib.admin.widgets import AdminSplitDateTime


class IndianSplitDateTime(AdminSplitDateTime):
    """Django's date and time inputs followed by "Indian time (IST)": the form reads them in
    the active time zone, Asia/Kolkata (settings.TIME_ZONE), and stores UTC."""

    template_name = "admin/registry/widgets/split_datetime.html"
