"""The JWG review tracker page (/admin/registry/tracker/) and its CSV export.

Each section sorts and pages on its own: `?<section>-sort=date|partner|record` and
`?<section>-page=N`, kept beside `?on=YYYY-MM-DD` (the day computed for). `?format=csv`
downloads every row of every section the user may view.
"""

import datetime

from django.contrib import admin, messages
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import exports, models, tracker


def parse_day(raw: str | None) -> tuple[datetime.date, str | None]:
    """The day asked for with ?on=YYYY-MM-DD, or today and a message when it is not a date."""
    today = timezone.localdate()
    if not raw:
        return today, None
    try:
        return datetime.date.fromisoformat(raw), None
    except ValueError:
        message = _("“%(raw)s” is not a date (use YYYY-MM-DD); showing today instead.")
        return today, message % {"raw": raw[:40]}


def sort_param(check) -> str:
    return f"{check.key}-sort"


def page_param(check) -> str:
    return f"{check.key}-page"


def query_with(params, **changes) -> str:
    """The current query string with `changes` made (None removes a parameter)."""
    query = params.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return "?" + query.urlencode()


def is_open(section, params) -> bool:
    """Overdue sections are open; housekeeping closed; others open when they fit one page.
    A section the user is sorting or paging stays open."""
    check = section.check
    if sort_param(check) in params or page_param(check) in params:
        return True
    if check.opens == tracker.OPEN_WHEN_SHORT:
        return section.total <= tracker.PAGE_SIZE
    return check.opens == tracker.OPEN


def sort_links(section, params) -> list[dict]:
    check = section.check
    labels = {"date": check.date_label, "partner": _("partner"), "record": _("record")}
    return [
        {
            "label": label,
            "url": query_with(params, **{sort_param(check): key, page_param(check): None}),
            "current": key == section.sort,
        }
        for key, label in labels.items()
    ]


def page_links(section, params) -> dict:
    page, name = section.page, page_param(section.check)
    link = lambda n: query_with(params, **{name: str(n)})  # noqa: E731
    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "next": link(page.next_page_number()) if page.has_next() else None,
    }


def page_sections(request, day) -> list[dict]:
    params = request.GET
    shown = []
    for check in tracker.visible_checks(request.user):
        section = tracker.section(
            check, day, params.get(sort_param(check), "date"), params.get(page_param(check), 1)
        )
        shown.append(
            {
                "section": section,
                "open": is_open(section, params),
                "sort_links": sort_links(section, params),
                "page_links": page_links(section, params),
            }
        )
    return shown


CSV_COLUMNS = [
    ("section", lambda pair: pair[0]),
    ("record", lambda pair: str(pair[1].obj)),
    ("partners", lambda pair: "; ".join(pair[1].partners)),
    ("responsible", lambda pair: "; ".join(pair[1].responsible)),
    ("due_date", lambda pair: exports.iso(pair[1].due)),
    ("days", lambda pair: pair[1].days),
    ("status", lambda pair: pair[1].status),
    ("draft", lambda pair: exports.yes_no(pair[1].is_draft)),
    ("sample", lambda pair: exports.yes_no(pair[1].obj.is_sample)),
    ("link", lambda pair: pair[2]),
]


def csv_rows(request, day):
    """(section title, row, absolute link) for every row of every section, in page order."""
    params = request.GET
    for check in tracker.visible_checks(request.user):
        title = tracker.title_of(check)
        for row in tracker.all_rows(check, day, params.get(sort_param(check), "date")):
            yield title, row, request.build_absolute_uri(row.url)


def tracker_view(request):
    day, error = parse_day(request.GET.get("on"))
    if request.GET.get("format") == "csv":
        if error:
            return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
        return exports.as_csv(csv_rows(request, day), CSV_COLUMNS, f"tracker-{day.isoformat()}")
    if error:
        messages.error(request, error)
    context = {
        **admin.site.each_context(request),
        "title": _("JWG review tracker"),
        "day": day,
        "sections": page_sections(request, day),
        "csv_url": query_with(request.GET, format="csv"),
    }
    return TemplateResponse(request, "admin/registry/tracker.html", context)


@admin.register(models.ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """What `send_reminders` sent: read only, kept so a day's reminders go out once."""

    list_display = ["day", "recipient", "kind", "object_key", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email", "object_key"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
