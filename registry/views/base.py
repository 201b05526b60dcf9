"""The two generic public views: a filtered, paginated list and a detail page.

Both start from `Model.objects.published()`, so the published rule lives in the queryset.
"""

import hashlib

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponseBadRequest
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from registry import catalogue, exports, warming
from registry.caching import cached, data_version
from registry.views.facets import Facets
from registry.views.page_cache import PageCacheMixin


class CanonicalMixin:
    """Gives every page a canonical URL: the path without query, plus `?page=n` on lists."""

    def canonical_url(self):
        return self.request.build_absolute_uri(self.request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = self.canonical_url()
        return context


class TwoStepPaginator(Paginator):
    """Fetches a page in two steps: its ids in list order, then the full rows of those ids.

    The first step reads only the ordering columns and the id (an index-only scan on an
    index in the list's order, e.g. agreement_pub_order_idx), so a deep page no longer
    joins, annotates and discards every row before its offset. With `rows_from_ids` (a
    list whose rows are cached, registry/rows.py) the second step is that function's.
    """

    def __init__(self, *args, rows_from_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows_from_ids = rows_from_ids

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(bottom, top), number, self)

    def rows(self, bottom, top) -> list:
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        if self.rows_from_ids is not None:
            return self.rows_from_ids(ids)
        by_id = {obj.pk: obj for obj in self.object_list.order_by().filter(pk__in=ids)}
        return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]


def choose_columns(columns: list, params) -> tuple[list, HttpResponseBadRequest | None]:
    """The columns a reader chose with `?columns=title,status` (or `?columns=title&columns=
    status`, as the chooser's checkboxes send them), in the order named; all of them, in
    their default order, when none is named. An unknown name is a 400 listing the valid ones.
    """
    wanted = [n.strip() for v in params.getlist("columns") for n in v.split(",") if n.strip()]
    if not wanted:
        return columns, None
    by_name = dict(columns)
    unknown = [n for n in wanted if n not in by_name]
    if unknown:
        message = _("Unknown column: %(names)s. The columns are: %(valid)s.") % {
            "names": ", ".join(unknown)[:500].replace("\x00", ""),
            "valid": ", ".join(by_name),
        }
        return [], HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return [(n, by_name[n]) for n in dict.fromkeys(wanted)], None


class ExportMixin:
    """A list's current filter, every page, as a file: `/agreements/export.csv?status=...`.

    A mode of the list view (the NetBox pattern), so the file holds what the list holds.
    `?columns=` chooses its columns (`choose_columns`); the list page offers them as a form.
    """

    # (column name, function of a record); the common columns follow (registry/exports.py).
    export_columns: list = []

    def dispatch(self, request, *args, **kwargs):
        # A file is not a page: it never goes through the page cache.
        if "fmt" not in kwargs:
            return super().dispatch(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.export(request, kwargs["fmt"])

    def export(self, request, fmt):
        if fmt not in exports.WRITERS:
            raise Http404
        filterset = self.get_filterset(self.get_filterset_class())
        if filterset.is_bound and not filterset.is_valid():
            lines = [f"{name}: {' '.join(errs)}" for name, errs in filterset.errors.items()]
            message = _("The filter is not valid:") + "\n" + "\n".join(lines)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        cols = self.export_columns + exports.common(request.build_absolute_uri)
        cols, error = choose_columns(cols, request.GET)
        if error:
            return error
        return exports.WRITERS[fmt](filterset.qs, cols, self.record_type.plural)

    def get_context_data(self, **kwargs):
        """The column chooser's choices: every column name, and the filter it keeps."""
        context = super().get_context_data(**kwargs)
        names = [name for name, _fn in self.export_columns + exports.common(str)]
        chosen, _error = choose_columns([(n, n) for n in names], self.request.GET)
        context.update(
            export_column_names=names,
            export_chosen_columns=[n for n, _ in chosen] if len(chosen) < len(names) else [],
            export_kept_params=[
                (key, value)
                for key, values in self.request.GET.lists()
                if key not in ("page", "columns")
                for value in values
            ],
        )
        return context


class PublicListView(ExportMixin, PageCacheMixin, CanonicalMixin, FilterView):
    """A FilterSet over published records, a page at a time; bad input is a 400 with a message."""

    paginate_by = settings.REGISTRY_PAGE_SIZE
    paginator_class = TwoStepPaginator
    # Choice filters whose options show how many records each value would give (and every
    # related-record filter does): registry/views/facets.py.
    facets: tuple[str, ...] = ()
    page_error = ""
    page_status = 200
    # A function of a page's ids giving its rows already rendered (registry/rows.py), for a
    # list whose template shows nothing of a row but its HTML.
    rows_from_ids = None

    @property
    def record_type(self):
        return catalogue.of(self.model)

    def get_filterset_class(self):
        return catalogue.filterset(self.model)

    def get_queryset(self):
        return self.model.objects.published().for_list().in_list_order()

    def get_template_names(self):
        return [f"registry/{self.record_type.stem}_list.html"]

    def get(self, request, *args, **kwargs):
        # A warm of this version running in this process (registry/warming.py) is computing
        # the counts this request would: read them from it.
        warming.wait_for_warm(self.model, data_version())
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        elif self.page_error:
            response.status_code = self.page_status
        return response

    def get_paginator(self, queryset, per_page, **kwargs):
        """The total is cached like the facets, per filter: a COUNT over every matching row
        (and, with ?q=, every LIKE) is the largest cost of page 1 left at scale."""
        paginator = super().get_paginator(
            queryset, per_page, rows_from_ids=self.rows_from_ids, **kwargs
        )
        params = sorted(
            (key, value)
            for key, values in self.request.GET.lists()
            # `sort` stays in: an invalid sort empties the list, and must not share a total.
            if key != self.page_kwarg
            for value in values
        )
        digest = hashlib.sha256(urlencode(params).encode()).hexdigest()
        key = f"count:{self.model._meta.label}:{digest}"
        paginator.__dict__["count"] = cached(key, queryset.count)
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad page number is a message on the page, not a 404 page."""
        paginator = self.get_paginator(queryset, page_size)
        raw = self.request.GET.get(self.page_kwarg) or "1"
        try:
            page = paginator.page(int(raw))
        except ValueError:
            self.page_error, self.page_status = _("The page number must be a whole number."), 400
        except EmptyPage:
            self.page_error = _("There is no page %(page)s: this list has %(count)s pages.") % {
                "page": raw,
                "count": paginator.num_pages,
            }
            self.page_status = 404
        else:
            return paginator, page, page.object_list, page.has_other_pages()
        return paginator, None, queryset.none(), False

    def canonical_url(self):
        url = super().canonical_url()
        page = self.request.GET.get(self.page_kwarg, "")
        return f"{url}?page={page}" if page.isdigit() and page != "1" else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facets = Facets(self)
        chips = facets.chips()
        is_filtered = any(k != self.page_kwarg for k in self.request.GET)
        is_valid = not self.filterset.is_bound or self.filterset.is_valid()
        paginator = context.get("paginator")
        context.update(
            stem=self.record_type.stem,
            heading=self.record_type.heading,
            page_error=self.page_error,
            filter_errors=not is_valid,
            is_filtered=is_filtered,
            export_formats=("csv", "json", "xlsx"),
            chips=chips,
            summary=facets.summary(paginator.count, chips) if paginator and is_valid else "",
        )
        form_context = {
            "filter": self.filterset,
            # From the normalised query only: the form is cached under it.
            "is_filtered": bool(facets.pairs or self.request.GET.get("sort")),
            "active_count": len(chips),
        }
        context["filter_form_html"] = facets.form_html(form_context)
        return context


class PublicDetailView(PageCacheMixin, CanonicalMixin, DetailView):
    """One published record; drafts are a 404."""

    @property
    def record_type(self):
        return catalogue.of(self.model)

    def get_queryset(self):
        return self.model.objects.published().for_detail()

    def get_template_names(self):
        return [f"registry/{self.record_type.stem}_detail.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(stem=self.record_type.stem, **kwargs)
