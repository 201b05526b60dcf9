"""Sidebar filters that ask the models' queryset methods, so the admin and the site agree."""

import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class ReviewDueFilter(ChoiceFilter):
    """For review meetings: planned ones past their date, or coming up in 90 days."""

    title = _("due")
    parameter_name = "due"
    options = {
        "overdue": (_("Overdue"), lambda qs, today: qs.overdue_on(today)),
        "next90": (_("In the next 90 days"), lambda qs, today: qs.upcoming(today, 90)),
    }


def _group_due_soon(qs, today):
    return qs.due_between(today, today + datetime.timedelta(days=90))


class GroupReviewDueFilter(ChoiceFilter):
    """For working groups: next review (last held plus cadence) overdue or due soon."""

    title = _("next review")
    parameter_name = "due"
    options = {
        "overdue": (_("Overdue"), lambda qs, today: qs.overdue_on(today)),
        "next90": (_("Due in the next 90 days"), _group_due_soon),
    }


class ActionItemDueFilter(ChoiceFilter):
    title = _("due")
    parameter_name = "due"
    options = {
        "overdue": (_("Overdue"), lambda qs, today: qs.overdue_on(today)),
        "next14": (
            _("Due in the next 14 days"),
            lambda qs, today: qs.due_between(today, today + datetime.timedelta(days=14)),
        ),
        "pending": (_("Pending"), lambda qs, today: qs.pending()),
    }


class AgreementAttentionFilter(ChoiceFilter):
    title = _("needs attention")
    parameter_name = "attention"
    options = {
        "expiring": (_("Expiring in 180 days"), lambda qs, today: qs.expiring_within(180, today)),
        "not_in_force": (
            _("Signed, entry into force not recorded"),
            lambda qs, today: qs.signed_not_in_force(),
        ),
        "no_review": (
            _("No held review within cadence"),
            lambda qs, today: qs.without_review_within_cadence(today),
        ),
    }
