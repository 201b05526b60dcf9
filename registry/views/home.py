"""The home page: what is open now, what changed lately, what comes next."""

from django.utils import timezone
from django.views.generic import TemplateView

from registry import catalogue, models, schedule, world_map
from registry.views.base import CanonicalMixin
from registry.views.page_cache import PageCacheMixin

RECENT = 5


class HomeView(PageCacheMixin, CanonicalMixin, TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        calls = models.JointCall.objects.published()
        return super().get_context_data(
            open_calls=calls.open_at().for_list().in_list_order()[:RECENT],
            forecast_calls=calls.filter(status=models.JointCall.Status.FORECAST)
            .for_list()
            .in_list_order()[:RECENT],
            recent_agreements=models.Agreement.objects.published()
            .for_list()
            .order_by("-signed_on", "-id")[:RECENT],
            upcoming_reviews=models.JWGReview.objects.published()
            .upcoming(today, days=schedule.HOME_UPCOMING_DAYS)
            .for_list()
            .order_by("held_on", "id")[:RECENT],
            counts=self.counts(),
            world_map=world_map.world_map(),
            figures=models.StatedFigure.objects.published().select_related("agency"),
            **kwargs,
        )

    def counts(self):
        """Published totals, one query per record type counted on the home page."""
        return [
            (t.count_label, t.model.objects.published().count(), f"registry:{t.stem}_list")
            for t in catalogue.counted_on_home()
        ]
