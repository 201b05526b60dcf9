"""/data/: the open-data page (licence, downloads, data dictionary) and the two downloads."""

import os

from django.http import FileResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
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
                    "count": opendata.exported_count(name),
                    "fields": [row for row in dictionary if row["dataset"] == name],
                }
                for name, model in opendata.dataset_models().items()
            ],
        )
        return context


def _stamp() -> str:
    return timezone.localdate().isoformat()


def _download(request, artefact: str, filename: str, content_type: str, as_attachment: bool):
    """The file built for the current data version, streamed from disk.

    ETag and Last-Modified name that file, so a client revalidates (no-cache) and gets a 304
    until the data changes.
    """
    file = opendata.open_artefact(artefact)
    stat = os.fstat(file.fileno())
    validators = {
        "ETag": f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"',
        "Last-Modified": http_date(stat.st_mtime),
    }
    response = get_conditional_response(
        request, etag=validators["ETag"], last_modified=int(stat.st_mtime)
    )
    if response is not None:  # 304 Not Modified (or 412)
        file.close()
    else:
        response = FileResponse(
            file, content_type=content_type, as_attachment=as_attachment, filename=filename
        )
    for header, value in validators.items():
        response[header] = value
    patch_cache_control(response, no_cache=True)
    return response


def data_json(request):
    return _download(
        request,
        "json",
        f"registry-{_stamp()}.json",
        "application/json; charset=utf-8",
        as_attachment=False,
    )


def data_csv_zip(request):
    return _download(
        request, "zip", f"registry-csv-{_stamp()}.zip", "application/zip", as_attachment=True
    )
