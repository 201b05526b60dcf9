"""Atom feeds of newly recorded agreements and joint calls (published only)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import models

FEED_SIZE = 50


def marked(obj) -> str:
    """Sample records are flagged in the feed title too, not only on the page."""
    return f"[{_('Sample')}] {obj}" if obj.is_sample else str(obj)


class AgreementFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("New agreements: India's S&T cooperation registry")
    subtitle = gettext_lazy("Agreements newly added to the registry, newest first.")
    link = reverse_lazy("registry:agreement_list")

    def items(self):
        return (
            models.Agreement.objects.published()
            .for_list()
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return marked(item)

    def item_description(self, item):
        partners = ", ".join(str(p) for p in item.public_partners)
        parts = [item.get_instrument_display(), partners, item.signed_display, item.summary]
        return " · ".join(p for p in parts if p)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class JointCallFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("New joint calls: India's S&T cooperation registry")
    subtitle = gettext_lazy("Joint calls for proposals newly added to the registry.")
    link = reverse_lazy("registry:call_list")

    def items(self):
        return (
            models.JointCall.objects.published()
            .for_list()
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return marked(item)

    def item_description(self, item):
        partners = ", ".join(str(p) for p in item.public_partners)
        deadline = item.closes_at.date().isoformat() if item.closes_at else ""
        parts = [item.get_status_display(), partners, deadline and _("deadline ") + deadline]
        return " · ".join(p for p in parts if p)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
