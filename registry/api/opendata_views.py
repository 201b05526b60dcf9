"""/data/: the open-data page (licence, downloads, data dictionary) and the two downloads."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from registry import opendata


class DataView(TemplateView):
    template_name = "registry/data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dictionary = opendata.data_dictionary()
        context.update(
            page_title=_("Open data"),
            licence_name=opendata.LICENCE_NAME,
            licence_url=opendata.LICENCE_URL,
            attribution=opendata.ATTRIBUTION,
            datasets=[
                {
                    "name": name,
                    "label": model._meta.verbose_name_plural,
                    "count": opendata.exported(model).count(),
                    "fields": [row for row in dictionary if row["dataset"] == name],
                }
                for name, model in opendata.RECORD_TYPES.items()
            ],
        )
        return context


def _stamp() -> str:
    return timezone.localdate().isoformat()


def data_json(request):
    response = HttpResponse(opendata.as_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="registry-{_stamp()}.json"'
    return response


def data_csv_zip(request):
    response = HttpResponse(opendata.as_zip(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="registry-csv-{_stamp()}.zip"'
    return response
