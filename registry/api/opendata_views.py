"""/data/: the open-data page (licence, downloads, data dictionary), the two downloads, their
Data Package and its CSV files, the DCAT catalogue and the dated snapshots."""

import base64
import datetime
import json
import os
import zipfile

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from registry import dcat, opendata, snapshots

# How long a reader is asked to wait when no build has ever completed (a fresh install).
RETRY_AFTER_SECONDS = 60


def not_built_yet() -> HttpResponse:
    """503 with Retry-After: the downloads are being prepared for the first time."""
    message = _("The open-data downloads are being prepared. Please try again in a minute.")
    response = HttpResponse(message + "\n", status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_cache=True)
    return response


def _as_of_headers(response, build: opendata.Serving):
    """When the served build read the data, and whether the data has changed since."""
    response["X-Data-As-Of"] = build.as_of.isoformat()
    if build.behind:
        response["X-Data-Behind"] = "1"
    return response


class DataView(TemplateView):
    template_name = "registry/data.html"

    def get(self, request, *args, **kwargs):
        try:
            self.build = opendata.serving()
        except opendata.NotBuiltYet:
            self.build = None
        response = super().get(request, *args, **kwargs)
        if self.build is None:
            response.status_code = 503
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            patch_cache_control(response, no_cache=True)
            return response
        return _as_of_headers(response, self.build)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dictionary = opendata.data_dictionary()
        build = self.build
        manifest = build.manifest if build else {"record_counts": {}}
        context.update(
            build=build,
            as_of=build.as_of if build else None,
            files=manifest.get("files"),
            modified=datetime.datetime.fromisoformat(manifest["modified"]) if build else None,
            snapshots=snapshots.listed(),
            page_title=_("Open data"),
            licence_name=opendata.LICENCE_NAME,
            licence_url=opendata.LICENCE_URL,
            attribution=opendata.ATTRIBUTION,
            datasets=[
                {
                    "name": name,
                    "label": model._meta.verbose_name_plural,
                    # As many as the files hold (read with them, not counted again).
                    "count": manifest["record_counts"].get(name, 0),
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
    try:
        build = opendata.serving()
        file = build.open(artefact)
    except opendata.NotBuiltYet:
        return not_built_yet()
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
    return _as_of_headers(response, build)


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


CSV_MEMBER = "csv/"


def datapackage_json(request):
    """The current zip's datapackage.json, its resources' paths pointing at /data/csv/."""
    try:
        build = opendata.serving()
    except opendata.NotBuiltYet:
        return not_built_yet()
    package = build.manifest["package"]
    for resource in package["resources"]:
        resource["path"] = CSV_MEMBER + resource["path"]
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})
    patch_cache_control(response, no_cache=True)
    return _as_of_headers(response, build)


def csv_file(request, name: str):
    """One CSV file of the current zip, as the served datapackage.json names it."""
    if not name.endswith(".csv"):
        raise Http404
    try:
        build = opendata.serving()
        file = build.open("zip")
    except opendata.NotBuiltYet:
        return not_built_yet()
    with file, zipfile.ZipFile(file) as archive:
        try:
            data = archive.read(name)
        except KeyError:
            raise Http404 from None
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    patch_cache_control(response, no_cache=True)
    return _as_of_headers(response, build)


def catalog_jsonld(request):
    try:
        build = opendata.serving()
    except opendata.NotBuiltYet:
        return not_built_yet()
    document = dcat.catalogue(request, build.manifest, snapshots.listed())
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    patch_cache_control(response, no_cache=True)
    return _as_of_headers(response, build)


SNAPSHOT_FILES = {"registry-csv.zip": "zip", "registry.json": "json"}


def snapshot_file(request, day: str, name: str):
    """A file of the snapshot that was the data at the end of `day` (YYYY-MM-DD, India).

    A day with no snapshot of its own is sent on to the snapshot that was current then; a
    day before the first kept snapshot, after today, or not a date at all, is a 404.
    """
    try:
        wanted = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if len(day) != 10 or name not in SNAPSHOT_FILES:
        raise Http404
    snapshot = snapshots.for_day(wanted)
    if snapshot is None:
        raise Http404
    if snapshot.day != wanted:
        return redirect("opendata:snapshot", day=snapshot.day.isoformat(), name=name)
    file = snapshots.file_of(snapshot, SNAPSHOT_FILES[name])
    if file is None:
        raise Http404
    artefact = SNAPSHOT_FILES[name]
    etag = f'"{file.sha256}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        stem, suffix = name.rsplit(".", 1)
        content_type = opendata.MEDIA_TYPES[artefact]
        response = HttpResponse(bytes(file.content), content_type=content_type)
        disposition = "attachment" if artefact == "zip" else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{stem}-{day}.{suffix}"'
        # RFC 9530: the SHA-256 the list and the catalogue give, for a client to check.
        response["Repr-Digest"] = f"sha-256=:{_base64(file.sha256)}:"
    response["ETag"] = etag
    # Today's snapshot may still be replaced by a later change today; older ones are fixed.
    patch_cache_control(response, public=True, max_age=300)
    return response


def _base64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()
