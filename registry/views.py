"""Public pages. Views stay thin: the queryset owns the published rule."""

from django.views.generic import DetailView, ListView, TemplateView


class HomeView(TemplateView):
    template_name = "registry/home.html"


def public_list(model, **extra):
    class PublicListView(ListView):
        paginate_by = 50
        template_name = "registry/record_list.html"

        def get_queryset(self):
            return model.objects.published()

    PublicListView.model = model
    for key, value in extra.items():
        setattr(PublicListView, key, value)
    return PublicListView.as_view()


def public_detail(model, **extra):
    class PublicDetailView(DetailView):
        template_name = "registry/record_detail.html"

        def get_queryset(self):
            return model.objects.published()

    PublicDetailView.model = model
    return PublicDetailView.as_view()
