"""A list's live facets, its filter chips and its filter form, rendered once per filter.

Facets are disjunctive (as in most catalogue searches): the count beside an option is how
many records the list would show with that option, given every *other* active filter. So
`?partner=fr` counts statuses among France's agreements, while the partner options still
count every partner's agreements (with the other filters): ticking a second partner adds to
the list. Options that would give no result are left out, except the ones selected, which
are always shown (with their count, 0 if need be) so they can be unticked.

What costs time is cached per data version (registry/caching.py) under the normalised
query (the filter's parameters, sorted, without empty values, `page` and `sort`): one
grouped query per facet with the other filters applied (one for all the facets on the
model's own columns that share their other filters, as on an unfiltered list), and the
rendered form (the partner, area and agency lists are hundreds of checkboxes) per query and
language. A reader of a filter someone has read since the last change costs no facet query
and no form rendering.
"""

import hashlib

from django import forms
from django.db.models import Count
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.caching import cached
from registry.filters import RelatedSlugFilter, published_through

# An option list longer than this gets a type-to-narrow box (registry/static/registry/js).
NARROW_FROM = 8


def digest(pairs) -> str:
    return hashlib.sha256(urlencode(pairs).encode()).hexdigest()


def is_column(model, lookup: str) -> bool:
    """Whether `lookup` is one of `model`'s own columns (one value per record)."""
    if "__" in lookup:
        return False
    field = model._meta.get_field(lookup)
    return field.concrete and not field.many_to_many


def marginal(joint: list[tuple], position: int) -> dict:
    """From joint_counts() rows, how many records hold each value of the facet at
    `position`."""
    counts = {}
    for row in joint:
        value = row[position]
        counts[value] = counts.get(value, 0) + row[-1]
    return counts


class FacetCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for (value, label, count) options; those with no result are not shown,
    unless selected. Written out directly: Django's one template per option made a list
    of 250 partners cost more than the rest of the page."""

    def __init__(self, options=(), also_selected=(), attrs=None):
        super().__init__(attrs)
        self.options = list(options)
        self.also_selected = set(also_selected)

    def visible(self, value) -> list:
        chosen = {str(v) for v in value or ()} | self.also_selected
        return [
            (str(v), label, count, str(v) in chosen)
            for v, label, count in self.options
            if count or str(v) in chosen
        ]

    @property
    def narrow(self) -> bool:
        """Enough options shown to be worth a type-to-narrow box."""
        shown = [1 for v, _label, count in self.options if count or str(v) in self.also_selected]
        return len(shown) > NARROW_FROM

    def render(self, name, value, attrs=None, renderer=None):
        base = (attrs or {}).get("id") or f"id_{name}"
        if not self.visible(value):
            return format_html(
                '<p id="{}" class="facet-empty">{}</p>', base, _("None among the matching records.")
            )
        rows = format_html_join(
            "\n",
            '<li data-name="{}"><label for="{}_{}"><input type="checkbox" name="{}" value="{}"'
            ' id="{}_{}"{}> {} ({})</label></li>',
            (
                (label, base, i, name, v, base, i, " checked" if on else "", label, count)
                for i, (v, label, count, on) in enumerate(self.visible(value))
            ),
        )
        return format_html('<ul id="{}" class="facet-options">\n{}\n</ul>', base, rows)


class Facets:
    """The facet counts, chips and form of one list request (a PublicListView)."""

    def __init__(self, view):
        self.view = view
        self.model = view.model
        self.label = view.model._meta.label
        self.filterset = view.filterset
        self.request = view.request
        self.filters = self.filterset.filters
        # The filter's own parameters, sorted, without empty values: the cache's key.
        self.pairs = sorted(
            (key, value)
            for key, values in self.request.GET.lists()
            if key in self.filters and key != "sort"
            for value in values
            if value.strip()
        )

    def names(self) -> list[str]:
        """The faceted filters: the view's choice facets and every related-record filter."""
        return [
            name
            for name, filter_ in self.filters.items()
            if name in self.view.facets or isinstance(filter_, RelatedSlugFilter)
        ]

    def others(self, name: str) -> list:
        return [(key, value) for key, value in self.pairs if key != name]

    def counts(self, name: str) -> dict:
        """Published records per value of facet `name`, with every other active filter."""
        others = self.others(name)
        together = [n for n in self.columns() if self.others(n) == others]
        if name in together and len(together) > 1:
            return marginal(self.joint_counts(together, others), together.index(name))
        lookup = self.filters[name].field_name

        def compute():
            records = self.filtered(others).filter(**published_through(self.model, lookup))
            # Through a relation a record can reach one value twice (two engagements in one
            # area): count it once.
            count = Count("pk", distinct=True) if "__" in lookup else Count("*")
            return dict(records.order_by().values_list(lookup).annotate(n=count))

        return cached(f"facets:{self.label}:{name}:{digest(others)}", compute)

    def columns(self) -> list[str]:
        """The facets on one of the model's own columns (a choice, a foreign key)."""
        return [n for n in self.names() if is_column(self.model, self.filters[n].field_name)]

    def joint_counts(self, names: list[str], others: list) -> list[tuple]:
        """Facets on the model's own columns under the same other filters (all of them, on
        an unfiltered list) counted together: (value of each, ..., how many) from one GROUP
        BY, where a query per facet would read the table once each."""
        lookups = [self.filters[n].field_name for n in names]

        def compute():
            records = self.filtered(others).order_by()
            return list(records.values_list(*lookups).annotate(n=Count("*")))

        key = f"facets:{self.label}:{','.join(names)}:{digest(others)}"
        return cached(key, compute)

    def filtered(self, pairs: list):
        """Published records with the filter's `pairs` applied (all of them if invalid)."""
        records = self.model.objects.published()
        if not pairs:
            return records
        data = QueryDict(mutable=True)
        for key, value in pairs:
            data.appendlist(key, value)
        filterset = self.view.get_filterset_class()(
            data=data, queryset=records, request=self.request
        )
        return filterset.qs if filterset.is_valid() else records

    def related_options(self, name: str) -> list:
        """(pk, value, label, ISO code) of every published record the filter can name."""
        field = self.filterset.form.fields[name]

        def compute():
            key = field.to_field_name or "pk"
            return [
                (obj.pk, str(getattr(obj, key)), str(obj), getattr(obj, "iso_code", "").lower())
                for obj in field.queryset
            ]

        return cached(f"options:{self.label}:{name}", compute, per_language=True)

    def value_labels(self, name: str) -> dict:
        """What a chip calls each value a parameter may hold (slugs and ISO codes alike)."""
        filter_ = self.filters[name]
        field = self.filterset.form.fields[name]
        if isinstance(filter_, RelatedSlugFilter):
            labels = {}
            for _pk, value, label, iso in self.related_options(name):
                labels[value] = labels[value.lower()] = label
                if iso:
                    labels[iso] = label
            return labels
        choices = getattr(field, "choices", None) or getattr(field.widget, "choices", ())
        return {str(value): str(label) for value, label in choices}

    def apply(self, form) -> None:
        """Replace each faceted field's widget with checkboxes counted under the filter."""
        for name in self.names():
            field = form.fields[name]
            counts = self.counts(name)
            raw = {value for key, value in self.pairs if key == name}
            if isinstance(self.filters[name], RelatedSlugFilter):
                related = self.related_options(name)
                options = [(value, label, counts.get(pk, 0)) for pk, value, label, _iso in related]
                # `?partner=fr` ticks France, whose box sends its slug.
                index = {}
                for _pk, value, _label, iso in related:
                    for key in (value, value.lower(), iso):
                        index.setdefault(key, value)
                selected = {index[v] for v in raw if v in index}
                selected |= {index[v.lower()] for v in raw if v.lower() in index}
            else:
                options = [(v, label, counts.get(v, 0)) for v, label in field.choices]
                selected = raw
            field.widget = FacetCheckboxes(options, selected, attrs=field.widget.attrs)
            field.widget.is_required = field.required

    def chips(self) -> list[dict]:
        """One removable chip per active value: a link to the list without that value."""
        path = self.request.path
        everything = sorted(
            (key, value)
            for key, values in self.request.GET.lists()
            if key in self.filters or key == "sort"
            for value in values
            if value.strip()
        )
        labels = {}
        chips = []
        for key, value in self.pairs:
            if key not in labels:
                labels[key] = self.value_labels(key)
            rest = [pair for pair in everything if pair != (key, value)]
            shown = labels[key].get(value) or labels[key].get(value.lower()) or value
            chips.append(
                {
                    "field": str(self.filterset.form.fields[key].label),
                    "value": shown,
                    "url": f"{path}?{urlencode(rest)}" if rest else path,
                }
            )
        return chips

    def summary(self, count: int, chips: list[dict]) -> str:
        """ "23 agreements: France, In force": the title and the live result count."""
        meta = self.model._meta
        noun = meta.verbose_name if count == 1 else meta.verbose_name_plural
        counted = ngettext("%(count)s %(noun)s", "%(count)s %(noun)s", count) % {
            "count": count,
            "noun": noun,
        }
        if not chips:
            return counted
        values = ", ".join(chip["value"] for chip in chips)
        return _("%(counted)s: %(filters)s") % {"counted": counted, "filters": values}

    def form_html(self, context: dict) -> str:
        """The filter form, counted and rendered once per data version, query and language."""
        sort = self.request.GET.getlist("sort")
        key = f"form:{self.label}:{digest([*self.pairs, *(('sort', s) for s in sort)])}"

        def render():
            self.apply(self.filterset.form)
            return render_to_string(
                "registry/includes/filter_form.html", context, request=self.request
            )

        return cached(key, render, per_language=True)
