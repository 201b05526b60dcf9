"""Sidebar filters that ask the models' queryset methods, so the admin and the site agree."""

from django.contrib import admin
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from registry import schedule


class ChoiceFilter(admin.SimpleListFilter):
    """A filter whose choices map to functions of (queryset, today)."""

    options: dict = {}

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _fn) in self.options.items()]

    def queryset(self, request, queryset):
        choice = self.options.get(self.value())
        if choice is None:
            return queryset
        return choice[1](queryset, timezone.localdate())


def _excluding(method):
    """The records a queryset method does not select (its complement)."""

    def complement(queryset, today):
        return queryset.exclude(pk__in=method(queryset.model.objects.all(), today).values("pk"))

    return complement


class PublicationFilter(ChoiceFilter):
    title = _("publication")
    parameter_name = "publication"
    options = {
        "published": (_("Published"), lambda qs, today: qs.published()),
        "draft": (_("Draft"), lambda qs, today: qs.filter(is_published=False)),
    }


class SampleFilter(ChoiceFilter):
    title = _("sample records")
    parameter_name = "sample"
    options = {
        "sample": (_("Sample"), lambda qs, today: qs.samples()),
        "real": (_("Real"), lambda qs, today: qs.real()),
    }


def _open_calls(qs, today):
    return qs.open_at(timezone.now())


class OpenCallFilter(ChoiceFilter):
    title = _("taking proposals now")
    parameter_name = "open"
    options = {
        "open": (_("Open"), _open_calls),
        "closed": (_("Not open"), _excluding(_open_calls)),
    }


class ActiveMembershipFilter(ChoiceFilter):
    title = _("active today")
    parameter_name = "active"
    options = {
        "active": (_("Active"), lambda qs, today: qs.active_on(today)),
        "expired": (_("Ended"), lambda qs, today: qs.ended_before(today)),
    }


def horizon_label(text: str, horizon: str):
    """A label that states a horizon of registry.schedule (`horizon` names it), translated
    and filled in when shown: `text` holds `%(days)d`."""
    return lazy(lambda: gettext(text) % {"days": getattr(schedule, horizon)}, str)()


def _reviews_planned_soon(qs, today):
    return qs.upcoming(today, schedule.REVIEW_HORIZON_DAYS)


class ReviewDueFilter(ChoiceFilter):
    """For review meetings: planned ones past their date, or coming up within the horizon."""

    title = _("due")
    parameter_name = "due"
    options = {
        "overdue": (_("Overdue"), lambda qs, today: qs.overdue_on(today)),
        "soon": (
            horizon_label(gettext_noop("In the next %(days)d days"), "REVIEW_HORIZON_DAYS"),
            _reviews_planned_soon,
        ),
    }


def _review_due_soon(qs, today):
    """Working groups or agreements whose review falls due within the review horizon."""
    return qs.review_due_between(today, schedule.days_after(today, schedule.REVIEW_HORIZON_DAYS))


class GroupReviewDueFilter(ChoiceFilter):
    """For working groups: next review (registry.schedule.review_due) overdue or due soon."""

    title = _("next review")
    parameter_name = "due"
    options = {
        "overdue": (_("Overdue"), lambda qs, today: qs.review_overdue_on(today)),
        "soon": (
            horizon_label(gettext_noop("Due in the next %(days)d days"), "REVIEW_HORIZON_DAYS"),
            _review_due_soon,
        ),
    }


def _actions_due_soon(qs, today):
    return qs.due_between(today, schedule.days_after(today, schedule.DUE_SOON_DAYS))


class ActionItemDueFilter(ChoiceFilter):
    title = _("due")
    parameter_name = "due"
    options = {
        "overdue": (_("Overdue"), lambda qs, today: qs.overdue_on(today)),
        "soon": (
            horizon_label(gettext_noop("Due in the next %(days)d days"), "DUE_SOON_DAYS"),
            _actions_due_soon,
        ),
        "pending": (_("Pending"), lambda qs, today: qs.pending()),
    }


def _expiring_soon(qs, today):
    return qs.expiring_within(schedule.EXPIRY_HORIZON_DAYS, today)


class AgreementAttentionFilter(ChoiceFilter):
    title = _("needs attention")
    parameter_name = "attention"
    options = {
        "expiring": (
            horizon_label(gettext_noop("Expiring in %(days)d days"), "EXPIRY_HORIZON_DAYS"),
            _expiring_soon,
        ),
        "not_in_force": (
            _("Signed, entry into force not recorded"),
            lambda qs, today: qs.signed_not_in_force(),
        ),
        "review_overdue": (_("Review overdue"), lambda qs, today: qs.review_overdue_on(today)),
        "review_soon": (
            horizon_label(
                gettext_noop("Review due in the next %(days)d days"), "REVIEW_HORIZON_DAYS"
            ),
            _review_due_soon,
        ),
    }
