"""`/search/?q=`: every searchable record type, through each model's FilterSet `q` filter.

Each hit says which of its fields matched, with the words marked (registry/search_explain.py);
records whose title or partner holds the words come first. `?type=`, `?partner=` and `?year=`
narrow the search; `/search/export.csv?q=...` is the same search as a file. A query that finds
nothing is retried with its misspelt words corrected ("quantam" → "quantum"), and the page
says so; `?exact=1` searches for the words as typed.
"""

from django import forms
from django.db.models import DateField, DateTimeField
from django.http import Http404, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from registry import catalogue, exports, search_explain
from registry.caching import cached
from registry.filters import SlugOrCodeField
from registry.models import Partner
from registry.views.base import CanonicalMixin, choose_columns
from registry.views.facets import digest
from registry.views.page_cache import PageCacheMixin

PER_TYPE = 10
# With one record type chosen, its hits are the page: show more of them.
PER_CHOSEN_TYPE = 50


def year_field(model) -> str | None:
    """The date a record type is filtered by year on: the first date among its sort fields
    (an agreement's signing, a call's deadline, a meeting's date); None if it has none."""
    for path, _param in catalogue.filterset(model).sort_fields:
        if "__" in path:
            continue
        field = model._meta.get_field(path)
        if isinstance(field, DateTimeField):
            return f"{path}__date__year"
        if isinstance(field, DateField):
            return f"{path}__year"
    return None


def type_choices():
    return [(t.stem, t.heading) for t in catalogue.searched()]


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Words to find"), max_length=200, required=False)
    type = forms.MultipleChoiceField(
        label=gettext_lazy("Record type"),
        choices=type_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner = SlugOrCodeField(
        label=gettext_lazy("Partner"),
        queryset=Partner.objects.published(),
        to_field_name="slug",
        required=False,
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=1900, max_value=2100, required=False
    )
    exact = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_q(self):
        return self.cleaned_data["q"].strip()


class InvalidSearch(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class Matches:
    """One record type's matches for a search. How many there are and which come first are
    cached per data version (as a list's total, registry/caching.py) under a key naming
    everything they depend on; the FilterSet and its LIKEs are built only when they are not
    cached, and the records shown are read afresh by id."""

    def __init__(self, record_type, filterset_class, params, lookup, data, query):
        self.record_type, self.filterset_class = record_type, filterset_class
        self.params, self.lookup, self.data, self.query = params, lookup, data, query
        partners = [("partner", slug) for slug in params.get("partner", [])]
        year = [("year", data["year"])] if lookup else []
        self.key = f"search:{record_type.stem}:{digest([('q', query), *partners, *year])}"

    @cached_property
    def queryset(self):
        model = self.record_type.model
        filterset = self.filterset_class(
            {**self.params, "q": self.query}, queryset=model.objects.published()
        )
        if not filterset.is_valid():
            raise InvalidSearch([e for errs in filterset.errors.values() for e in errs])
        matches = filterset.qs
        if self.lookup:
            matches = matches.filter(**{self.lookup: self.data["year"]})
        return search_explain.primary_first(matches, search_explain.words_of(self.query))

    def count(self) -> int:
        return cached(f"{self.key}:count", lambda: self.queryset.count())

    def first(self, limit: int) -> list:
        """The first `limit` matches, in the search's order."""
        loaded = []

        def first_ids():
            loaded.extend(self.queryset[:limit])
            return [record.pk for record in loaded]

        ids = cached(f"{self.key}:ids:{limit}", first_ids)
        if loaded:
            return loaded
        rows = self.record_type.model.objects.published().filter(pk__in=ids)
        by_id = {record.pk: record for record in rows}
        return [by_id[pk] for pk in ids if pk in by_id]

    def why(self, records: list, limit: int, words) -> dict:
        """Which fields of each of the first `limit` records hold a searched word: worked out
        (a query per related search field) once per data version and language, as their ids."""
        return cached(
            f"{self.key}:why:{limit}",
            lambda: search_explain.explain(self.record_type.model, records, words),
            per_language=True,
        )


class SearchView(PageCacheMixin, CanonicalMixin, TemplateView):
    template_name = "registry/search.html"

    def dispatch(self, request, *args, **kwargs):
        # A file is not a page: it never goes through the page cache (as ExportMixin).
        if "fmt" not in kwargs:
            return super().dispatch(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.export(request, kwargs["fmt"])

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 400 if context["errors"] else 200
        return self.render_to_response(context, status=status)

    # -- the search --------------------------------------------------------------------

    def chosen_types(self, data):
        """The record types searched, with the filter data their FilterSets are given."""
        chosen = set(data.get("type") or [])
        partners = data.get("partner") or []
        year = data.get("year")
        for record_type in catalogue.searched():
            if chosen and record_type.stem not in chosen:
                continue
            filterset_class = catalogue.filterset(record_type.model)
            params = {"q": data["q"]}
            if partners:
                if "partner" not in filterset_class.base_filters:
                    continue  # a type not linked to partners (agencies, facilities)
                params["partner"] = [p.slug for p in partners]
            lookup = None
            if year is not None:
                lookup = year_field(record_type.model)
                if lookup is None:
                    continue  # a type without a date (partners, areas)
            yield record_type, filterset_class, params, lookup

    def run(self, data, query):
        """[(record type, its Matches, count)] for `query`, and the errors, if any."""
        results = []
        for record_type, filterset_class, params, lookup in self.chosen_types(data):
            matches = Matches(record_type, filterset_class, params, lookup, data, query)
            try:
                results.append((record_type, matches, matches.count()))
            except InvalidSearch as invalid:
                return [], invalid.errors
        return results, None

    def search(self, form):
        """(results, query searched, the query as typed if it was corrected, errors)."""
        data = form.cleaned_data
        query = data["q"]
        results, errors = self.run(data, query)
        if errors or data["exact"]:
            return results, query, None, errors
        if any(count for _type, _matches, count in results):
            return results, query, None, None
        corrected = search_explain.correct(query)
        if corrected:
            again, errors = self.run(data, corrected)
            if not errors and any(count for _type, _matches, count in again):
                return again, corrected, query, None
        return results, query, None, None

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        groups, errors, query, typed, type_counts = [], None, "", None, []
        if not form.is_valid():
            errors = [
                f"{form[name].label}: {e}" for name, errs in form.errors.items() for e in errs
            ]
        elif form.cleaned_data["q"]:
            results, query, typed, errors = self.search(form)
            chosen = form.cleaned_data["type"]
            limit = PER_CHOSEN_TYPE if len(chosen) == 1 else PER_TYPE
            words = search_explain.words_of(query)
            for record_type, matches, count in results:
                type_counts.append((record_type, count))
                if not count:
                    continue
                records = matches.first(limit)
                why = matches.why(records, limit, words)
                hits = [(r, search_explain.highlight(r, words), why.get(r.pk, [])) for r in records]
                groups.append((record_type, count, hits, count > limit))
        return super().get_context_data(
            form=form,
            search_form_html=self.form_html(form, query),
            query=query,
            typed_query=typed,
            errors=errors,
            groups=groups,
            type_counts=type_counts,
            total=sum(g[1] for g in groups),
            export_formats=("csv", "json", "xlsx"),
            **kwargs,
        )

    def form_html(self, form, query: str) -> str:
        """The search form (its partner list is every published partner), rendered once per
        data version, language, values typed and query searched."""
        values = [
            (name, value)
            for name in ("q", "type", "partner", "year")
            for value in self.request.GET.getlist(name)
        ]
        context = {"form": form, "query": query}
        return cached(
            f"search:form:{digest([*values, ('query', query)])}",
            lambda: render_to_string("registry/includes/search_form.html", context),
            per_language=True,
        )

    # -- the export --------------------------------------------------------------------

    def export(self, request, fmt):
        if fmt not in exports.WRITERS:
            raise Http404
        form = SearchForm(request.GET)
        if not form.is_valid():
            lines = [f"{name}: {' '.join(errs)}" for name, errs in form.errors.items()]
            message = _("The search is not valid:") + "\n" + "\n".join(lines)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        rows, query = [], ""
        if form.cleaned_data["q"]:
            results, query, _typed, errors = self.search(form)
            if errors:
                message = _("The search is not valid:") + "\n" + "\n".join(errors)
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
            words = search_explain.words_of(query)
            for record_type, matches, _count in results:
                records = list(matches.queryset)
                why = search_explain.explain(record_type.model, records, words)
                rows += [(record_type, r, why[r.pk]) for r in records]
        url = request.build_absolute_uri
        columns = [
            ("type", lambda row: row[0].stem),
            ("title", lambda row: str(row[1])),
            ("matched_in", lambda row: "; ".join(m.label for m in row[2])),
            ("url", lambda row: url(row[1].get_absolute_url())),
            ("sample", lambda row: exports.yes_no(row[1].is_sample)),
            ("source", lambda row: row[1].source),
            ("source_url", lambda row: row[1].source_url),
            ("source_kind", lambda row: row[1].source_kind),
            ("last_verified", lambda row: exports.iso(row[1].last_verified)),
            ("last_updated", lambda row: exports.iso(row[1].updated_at)),
        ]
        columns, error = choose_columns(columns, request.GET)
        if error:
            return error
        return exports.WRITERS[fmt](rows, columns, "search")
