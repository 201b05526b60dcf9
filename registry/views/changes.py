"""The public change log (/changes/) and its Atom feed: what changed in published records.

The changes are those of registry/public_changes.py; this module only filters, pages and
shows them. Filters: `type` (a record type's stem), `partner` (slug or ISO code, as on the
lists) and `record` (`<type>:<pk>`, one record's public history). A bad value is a form
error and a 400, never a 500.
"""

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from registry import catalogue, models
from registry.public_changes import CHANGED, PUBLISHED, WITHDRAWN, followed_types, public_changes
from registry.views.base import CanonicalMixin
from registry.views.feeds import FEED_AUTHOR, FEED_SIZE
from registry.views.page_cache import PageCacheMixin

KIND_LABELS = {
    PUBLISHED: gettext_lazy("Published"),
    CHANGED: gettext_lazy("Changed"),
    WITHDRAWN: gettext_lazy("Withdrawn"),
}


class ChangesFilterForm(forms.Form):
    type = forms.ChoiceField(label=gettext_lazy("Record type"), required=False)
    partner = forms.ChoiceField(label=gettext_lazy("Partner"), required=False)
    record = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = [(t.stem, t.model._meta.verbose_name_plural) for t in followed_types()]
        self.fields["type"].choices = [("", _("All record types")), *types]
        self.partners = list(models.Partner.objects.published().order_by("name", "pk"))
        self.fields["partner"].choices = [("", _("All partners"))] + [
            (p.slug, p.name) for p in self.partners
        ]

    def clean_partner(self):
        value = self.cleaned_data["partner"]
        if not value:
            return None
        return next(p for p in self.partners if p.slug == value)

    def clean_record(self):
        value = self.cleaned_data["record"].strip()
        if not value:
            return None
        stem, _sep, pk = value.partition(":")
        stems = {t.stem for t in followed_types()}
        if stem not in stems or not pk.isdigit() or len(pk) > 18:
            raise forms.ValidationError(
                _("A record is named as type:number, for example call:12."), code="invalid"
            )
        # Only the number is used: the history of a record never public is empty.
        return catalogue.get(stem).model(pk=int(pk))

    def full_clean(self):
        # A partner's ISO code (?partner=fr) names it as on the lists.
        if self.is_bound and "partner" in self.data:
            data = self.data.copy()
            code = str(data.get("partner", "")).upper()
            by_code = {p.iso_code: p.slug for p in self.partners if p.iso_code}
            if code in by_code:
                data["partner"] = by_code[code]
            self.data = data
        super().full_clean()

    def changes(self) -> list:
        data = self.cleaned_data
        stem = data.get("type")
        return public_changes(
            record_types=[stem] if stem else None,
            partner=data.get("partner"),
            record=data.get("record"),
        )


def the_form(request) -> ChangesFilterForm:
    # Always bound: no query is a valid empty filter.
    return ChangesFilterForm(request.GET)


def describe(change) -> str:
    """One change as plain text: "label: old → new; ..." (the feed's entry content)."""
    parts = []
    for _name, label, old, new in change.fields:
        if change.kind == PUBLISHED:
            parts.append(f"{label}: {new}")
        else:
            parts.append(f"{label}: {old or '—'} → {new or '—'}")
    text = "; ".join(parts)
    if change.reason:
        text = f"{text}\n{_('Reason')}: {change.reason}" if text else change.reason
    return text


class ChangeLogView(PageCacheMixin, CanonicalMixin, TemplateView):
    template_name = "registry/changes.html"
    paginate_by = settings.REGISTRY_PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.form = the_form(request)
        context = self.get_context_data(**kwargs)
        status = 200
        if not self.form.is_valid():
            status = 400
        elif context["page_error"]:
            status = context["page_status"]
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.form
        valid = form.is_valid()
        changes = form.changes() if valid else []
        paginator = Paginator(changes, self.paginate_by)
        page_obj, page_error, page_status = None, "", 200
        raw = self.request.GET.get("page") or "1"
        if valid:
            try:
                page_obj = paginator.page(int(raw))
            except ValueError:
                page_error, page_status = _("The page number must be a whole number."), 400
            except EmptyPage:
                page_error = _("There is no page %(page)s: this list has %(count)s pages.") % {
                    "page": raw,
                    "count": paginator.num_pages,
                }
                page_status = 404
        record = form.cleaned_data.get("record") if valid else None
        query = {k: v for k, v in self.request.GET.items() if k != "page"}
        context.update(
            form=form,
            filter_errors=not valid,
            page_obj=page_obj,
            paginator=paginator,
            is_paginated=page_obj is not None and page_obj.has_other_pages(),
            changes=page_obj.object_list if page_obj else [],
            page_error=page_error,
            page_status=page_status,
            is_filtered=any(k != "page" for k in self.request.GET),
            kind_labels=KIND_LABELS,
            record_history=record is not None,
            # A record never public has no public name: the page says "this record".
            record_title=changes[0].title if changes else _("this record"),
            feed_url=reverse("registry:changes_feed") + (f"?{urlencode(query)}" if query else ""),
        )
        return context


class ChangeFeed(Feed):
    """The change log as Atom, for the same filters as /changes/."""

    feed_type = Atom1Feed
    title = gettext_lazy("Changes to published records: India's S&T cooperation registry")
    subtitle = gettext_lazy("What changed in the registry's published records, newest first.")
    author_name = FEED_AUTHOR

    def __call__(self, request, *args, **kwargs):
        form = the_form(request)
        if not form.is_valid():
            lines = [f"{name}: {' '.join(errs)}" for name, errs in form.errors.items()]
            message = _("The filter is not valid:") + "\n" + "\n".join(lines)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        self.query = urlencode(list(request.GET.items()))
        self.form = form
        self.host = request.get_host().split(":")[0]
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return reverse("registry:changes") + (f"?{self.query}" if self.query else "")

    def feed_url(self):
        return reverse("registry:changes_feed") + (f"?{self.query}" if self.query else "")

    def items(self):
        return self.form.changes()[:FEED_SIZE]

    def item_title(self, item):
        sample = f"[{_('Sample')}] " if item.is_sample else ""
        return f"{KIND_LABELS[item.kind]}: {sample}{item.title}"

    def item_description(self, item):
        return describe(item)

    def item_link(self, item):
        return item.url or f"{reverse('registry:changes')}?{urlencode({'record': item.key})}"

    def item_guid(self, item):
        # A tag URI (RFC 4151): the same entry keeps its id whatever else changes.
        return f"tag:{self.host},2026:change/{item.record_type.stem}/{item.history_id}"

    def item_pubdate(self, item):
        return item.changed_at

    def item_updateddate(self, item):
        return item.changed_at
