"""Atom feeds of newly recorded agreements and joint calls (published only)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import models

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
