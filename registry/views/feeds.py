"""Atom feeds: newly recorded agreements and joint calls, and any list's current filter.

`/<list>/feed/?<query>` holds the records the list shows for the same query: the list view's
own queryset and FilterSet (`list_filterset`), so the two cannot drift apart.
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import catalogue, models

FEED_SIZE = 50
# RFC 4287 wants an author on the feed (or on every entry).
FEED_AUTHOR = gettext_lazy("India S&T Cooperation Registry")


def marked(obj) -> str:
    """Sample records are flagged in the feed title too, not only on the page."""
    return f"[{_('Sample')}] {obj}" if obj.is_sample else str(obj)


def partner_names(item) -> str:
    return ", ".join(str(p) for p in item.public_partners)


class RecordFeed(Feed):
    """The FEED_SIZE published records added last, newest first; each feed says which
    records (`records`) and what its entries' summaries hold (`summary_parts`)."""

    feed_type = Atom1Feed
    author_name = FEED_AUTHOR

    def records(self):
        raise NotImplementedError

    def summary_parts(self, item) -> list[str]:
        raise NotImplementedError

    def items(self):
        return self.records().order_by("-created_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return marked(item)

    def item_description(self, item):
        return " · ".join(p for p in self.summary_parts(item) if p)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class AgreementFeed(RecordFeed):
    title = gettext_lazy("New agreements: India's S&T cooperation registry")
    subtitle = gettext_lazy("Agreements newly added to the registry, newest first.")
    link = reverse_lazy("registry:agreement_list")

    def records(self):
        return models.Agreement.objects.published().for_list()

    def summary_parts(self, item):
        return [
            item.get_instrument_display(),
            partner_names(item),
            item.signed_display,
            item.summary,
        ]


class JointCallFeed(RecordFeed):
    title = gettext_lazy("New joint calls: India's S&T cooperation registry")
    subtitle = gettext_lazy("Joint calls for proposals newly added to the registry.")
    link = reverse_lazy("registry:call_list")

    def records(self):
        return models.JointCall.objects.published().for_list()

    def summary_parts(self, item):
        deadline = item.closes_at.date().isoformat() if item.closes_at else ""
        return [
            item.get_status_display(),
            partner_names(item),
            deadline and _("deadline ") + deadline,
        ]


# A list's feed holds every matching record up to this many, the latest changed first.
LIST_FEED_SIZE = 500


def list_filterset(record_type, request):
    """The FilterSet the list page of `record_type` builds for this request's query."""
    view = catalogue.list_view(record_type)()
    view.setup(request)
    return view.get_filterset(view.get_filterset_class())


def filter_error(filterset) -> HttpResponseBadRequest:
    lines = [f"{name}: {' '.join(errs)}" for name, errs in filterset.errors.items()]
    message = _("The filter is not valid:") + "\n" + "\n".join(lines)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def query_of(request) -> str:
    """The list's query without its page: `?partner=fr&status=open`, or ""."""
    pairs = [(k, v) for k, values in request.GET.lists() if k != "page" for v in values]
    return f"?{urlencode(pairs)}" if pairs else ""


class ListFeed(RecordFeed):
    """A list's current filter as Atom: `/calls/feed/?partner=fr` holds what
    `/calls/?partner=fr` lists (all its pages, up to LIST_FEED_SIZE)."""

    # The summaries of the two older feeds, for their types; others show status or kind.
    SUMMARIES = {models.Agreement: AgreementFeed, models.JointCall: JointCallFeed}

    def __init__(self, record_type):
        super().__init__()
        self.record_type = record_type

    def __call__(self, request, *args, **kwargs):
        filterset = list_filterset(self.record_type, request)
        if filterset.is_bound and not filterset.is_valid():
            return filter_error(filterset)
        # A Feed instance serves every request: what one request needs goes on a copy.
        feed = ListFeed(self.record_type)
        feed.filterset, feed.query = filterset, query_of(request)
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self):
        heading = self.record_type.heading
        if self.query:
            return _("%(list)s (filtered): India's S&T cooperation registry") % {"list": heading}
        return _("%(list)s: India's S&T cooperation registry") % {"list": heading}

    def subtitle(self):
        return _("The records of this list, the latest changed first.")

    def link(self):
        return reverse(f"registry:{self.record_type.stem}_list") + self.query

    def feed_url(self):
        return reverse(f"registry:{self.record_type.stem}_list_feed") + self.query

    def records(self):
        return self.filterset.qs

    def items(self):
        return self.records().order_by("-updated_at", "-pk")[:LIST_FEED_SIZE]

    def summary_parts(self, item):
        summary = self.SUMMARIES.get(self.record_type.model)
        if summary is not None:
            return summary.summary_parts(self, item)
        parts = []
        for name in ("get_kind_display", "get_status_display"):
            if hasattr(item, name):
                parts.append(getattr(item, name)())
        return parts
