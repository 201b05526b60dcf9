"""`/agreements/export.csv?status=in_force`: a list's current filter, every page, as a file."""

from django.http import Http404, HttpResponseBadRequest
from django.utils.translation import gettext as _

from registry import exports
from registry.views.lists import LIST_VIEWS


def export_list(request, kind, fmt):
    if kind not in LIST_VIEWS or fmt not in exports.WRITERS:
        raise Http404
    view = LIST_VIEWS[kind]()
    view.setup(request)
    filterset = view.filterset_class(
        request.GET or None, queryset=view.get_queryset(), request=request
    )
    if filterset.is_bound and not filterset.is_valid():
        lines = [f"{name}: {' '.join(errs)}" for name, errs in filterset.errors.items()]
        message = _("The filter is not valid:") + "\n" + "\n".join(lines)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    cols = exports.columns(kind, request.build_absolute_uri)
    return exports.WRITERS[fmt](filterset.qs, cols, f"{kind}s")
