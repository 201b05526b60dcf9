"""What changed in the published records, as the public saw it, read from their history.

django-simple-history keeps a row for every save (and, for the `m2m_fields` of a model's
`HistoricalRecords`, for every change of those links). This module walks those rows record by
record and yields only what the public could have seen:

- "published": the record became public (first publication or publication again after a
  withdrawal), with the public values it was published with. What happened to it while it was
  a draft is never shown: not its intermediate values, not the reasons given for them.
- "changed": a public field of a public record changed, with its old and new public values.
- "withdrawn": the record stopped being public (unpublished or deleted), with no content.

Public fields are those of `registry.opendata.public_fields` (never a "Staff only" field). A
related record is named only while it is published; a link to a draft reads as nothing, so
swapping one draft for another is no public change. Names of related records are today's
names, not those they had at the time.

An admin save writes one history row for the record and one more for each many-to-many field
it touches; rows of one edit (same user, within EDIT_WINDOW, nothing but links changed) are
read as one change.

The walk reads every history row of the chosen types up to `until` (one query per type and
per many-to-many field, and one per related model for names): fine for a registry of
thousands of records. Only record types with public pages are followed.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import models as dj_models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registry import catalogue
from registry.catalogue import RecordType
from registry.models import Precision, format_partial_date
from registry.models.base import related_model
from registry.opendata import public_fields

PUBLISHED, CHANGED, WITHDRAWN = "published", "changed", "withdrawn"
KINDS = (PUBLISHED, CHANGED, WITHDRAWN)

# Rows of one admin save: the record's row, then one per many-to-many field it set.
EDIT_WINDOW = datetime.timedelta(seconds=5)

# Never listed as changed: the publication flag is the kind of change, the rest is bookkeeping.
# source_locator (a file row and confidence code) is in the download, not on public pages.
NOT_DIFFED = {"id", "is_published", "created_at", "updated_at", "source_locator"}
# A partial date is shown as precisely as its source gives it; its precision is part of it.
PRECISION_OF = {
    "signed_on": "signed_precision",
    "held_on": "date_precision",
    "started_on": "started_precision",
    "closes_at": "closes_precision",
}
INDIA = ZoneInfo("Asia/Kolkata")


@dataclass
class PublicChange:
    record_type: RecordType
    record_pk: int
    # The record as it is now, while it is published; None once withdrawn or deleted (its
    # current content may be a draft's). `title` and `url` are always safe to show: the
    # record's name now while it is published, else its name when it was last public.
    record: object | None
    title: str
    changed_at: datetime.datetime
    kind: str
    # (field name, label, old display value, new display value); "" is no value.
    fields: list[tuple[str, str, str, str]] = field(default_factory=list)
    reason: str = ""
    history_id: int = 0
    is_sample: bool = False

    @property
    def url(self) -> str:
        return self.record.get_absolute_url() if self.record is not None else ""

    @property
    def type_label(self) -> str:
        return str(self.record_type.model._meta.verbose_name)

    @property
    def key(self) -> str:
        """`<type>:<pk>`, as in /changes/?record=call:12."""
        return f"{self.record_type.stem}:{self.record_pk}"


def followed_types() -> list[RecordType]:
    return catalogue.with_pages()


def diffed_fields(model) -> list:
    precisions = set(PRECISION_OF.values())
    return [
        f for f in public_fields(model) if f.name not in NOT_DIFFED and f.name not in precisions
    ]


def partner_filter(record_type: RecordType):
    """The partner filter of the type's FilterSet (the one /<list>/?partner= uses, "host" for
    facilities); None when it has none."""
    from registry import models
    from registry.filters import RelatedSlugFilter

    filterset = catalogue.layer(record_type, "filterset")
    for f in filterset.base_filters.values():
        is_link = isinstance(f, RelatedSlugFilter)
        if is_link and related_model(record_type.model, f.field_name) is models.Partner:
            return f
    return None


def linked_to(record_type: RecordType, partner) -> set | None:
    """Pks of the records of this type linked to `partner` as its list's filter links them
    (through published records in between); None when the type has no such link."""
    model = record_type.model
    if model is type(partner):
        return {partner.pk}
    f = partner_filter(record_type)
    if f is None:
        return None
    return set(f.filter(model._base_manager.all(), [partner]).values_list("pk", flat=True))


def public_changes(since=None, until=None, record_types=None, partner=None, record=None):
    """Public changes, newest first (see the module's docstring).

    record_types: catalogue entries or stems; partner: a Partner (records now linked to it,
    through the relation its list's partner filter uses); record: one record instance.
    """
    if record is not None:
        types = [catalogue.of(type(record))]
    elif record_types:
        types = [catalogue.get(t) if isinstance(t, str) else t for t in record_types]
    else:
        types = followed_types()
    found: list[PublicChange] = []
    for record_type in types:
        pks = None
        if record is not None:
            pks = [record.pk]
        if partner is not None:
            linked_pks = linked_to(record_type, partner)
            if linked_pks is None:
                continue
            pks = linked_pks if pks is None else [pk for pk in pks if pk in linked_pks]
        found += _changes_of_type(record_type, pks, until)
    if since is not None:
        found = [c for c in found if c.changed_at >= since]
    found.sort(key=lambda c: (c.changed_at, c.history_id), reverse=True)
    return found


def _changes_of_type(record_type: RecordType, pks, until) -> list[PublicChange]:
    model = record_type.model
    history = model.history.model
    rows = history.objects.select_related(None).order_by("id", "history_date", "history_id")
    if until is not None:
        rows = rows.filter(history_date__lte=until)
    if pks is not None:
        rows = rows.filter(id__in=list(pks))
    rows = list(rows)
    if not rows:
        return []
    fields = diffed_fields(model)
    tracked = {f.name for f in getattr(history, "_history_m2m_fields", [])}
    m2m = [f for f in fields if f.many_to_many and f.name in tracked]
    # Links not kept in the history cannot be followed: such fields are left out.
    fields = [f for f in fields if not f.many_to_many or f.name in tracked]
    links = {f.name: _m2m_links(history, f, rows) for f in m2m}
    names = _related_names(fields, rows, links)
    # select_related(): what a name reads (a meeting's group) comes in the same query.
    now_public = model.objects.published().select_related()
    current = {r.pk: r for r in now_public.filter(pk__in={row.id for row in rows})}

    changes = []
    for pk, edits in _edits_by_record(rows, fields):
        public_state = None  # display values as last published; None while not public
        public_row = None
        for row in edits:
            is_public = row.history_type != "-" and row.is_published
            if not is_public:
                if public_state is not None:
                    changes.append(
                        _change(record_type, pk, current, public_row, row, WITHDRAWN, [])
                    )
                public_state = public_row = None
                continue
            state = {f.name: _display(f, row, links, names) for f in fields}
            if public_state is None:
                shown = [(f.name, str(f.verbose_name), "", state[f.name]) for f in fields]
                # A record published is real unless it says otherwise ("sample record: no").
                shown = [
                    i for i in shown if i[3] and not (i[0] == "is_sample" and not row.is_sample)
                ]
                changes.append(_change(record_type, pk, current, row, row, PUBLISHED, shown))
            else:
                shown = [
                    (f.name, str(f.verbose_name), public_state[f.name], state[f.name])
                    for f in fields
                    if public_state[f.name] != state[f.name]
                ]
                if shown:
                    changes.append(_change(record_type, pk, current, row, row, CHANGED, shown))
            public_state, public_row = state, row
    return changes


def _change(record_type, pk, current, title_row, row, kind, shown) -> PublicChange:
    record = current.get(pk)
    return PublicChange(
        record_type=record_type,
        record_pk=pk,
        record=record,
        title=str(record) if record is not None else str(title_row.instance),
        changed_at=row.history_date,
        kind=kind,
        fields=shown,
        reason=row.history_change_reason or "",
        history_id=row.history_id,
        is_sample=title_row.is_sample,
    )


def _edits_by_record(rows, fields):
    """Each record's history as edits: a row that only changed links, by the same user soon
    after the row before it, is part of that row's edit (the last row of an edit stands
    for it, with the reason given for the edit)."""
    own = [f.attname for f in fields if not f.many_to_many] + ["is_published"]
    by_record: dict[int, list] = {}
    for row in rows:
        by_record.setdefault(row.id, []).append(row)
    for pk, record_rows in by_record.items():
        edits = []
        for row in record_rows:
            last = edits[-1] if edits else None
            if (
                last is not None
                and row.history_type == "~"
                and last.history_type != "-"
                and row.history_user_id == last.history_user_id
                and row.history_date - last.history_date <= EDIT_WINDOW
                and all(getattr(row, a) == getattr(last, a) for a in own)
            ):
                if not row.history_change_reason and last.history_change_reason:
                    row.history_change_reason = last.history_change_reason
                edits[-1] = row
            else:
                edits.append(row)
        yield pk, edits


def _m2m_links(history, field, rows) -> dict[int, set]:
    """{history_id: ids linked in that version} for one many-to-many field."""
    m2m_history = history.__dict__[field.name].model
    target = field.m2m_reverse_field_name()
    links: dict[int, set] = {row.history_id: set() for row in rows}
    values = m2m_history.objects.filter(history_id__in=list(links)).values_list(
        "history_id", f"{target}_id"
    )
    for history_id, target_id in values:
        links[history_id].add(target_id)
    return links


def _related_names(fields, rows, links) -> dict:
    """{related model: {pk: name}} of the related records that are published now."""
    wanted: dict = {}
    for f in fields:
        if f.many_to_many:
            ids = set().union(*links[f.name].values()) if links[f.name] else set()
        elif f.many_to_one:
            ids = {getattr(row, f.attname) for row in rows} - {None}
        else:
            continue
        wanted.setdefault(f.related_model, set()).update(ids)
    names = {}
    for related, ids in wanted.items():
        queryset = related._default_manager.filter(pk__in=ids)
        if hasattr(queryset, "published"):
            queryset = queryset.published()
        names[related] = {obj.pk: str(obj) for obj in queryset}
    return names


def _display(f, row, links, names) -> str:
    """A field's value in one version as the public reads it."""
    if f.many_to_many:
        known = names[f.related_model]
        shown = sorted(known[pk] for pk in links[f.name][row.history_id] if pk in known)
        return ", ".join(shown)
    value = getattr(row, f.attname)
    if f.many_to_one:
        return names[f.related_model].get(value, "") if value is not None else ""
    if value is None or value == "":
        return ""
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, dj_models.BooleanField):
        return _("yes") if value else _("no")
    precision = getattr(row, PRECISION_OF[f.name], None) if f.name in PRECISION_OF else None
    if isinstance(f, dj_models.DateTimeField):
        if precision in (None, "time"):
            return date_format(timezone.localtime(value, INDIA), "j F Y, H:i") + " IST"
        # A deadline given to the day (or month) is a day where the call is run.
        zone = ZoneInfo(getattr(row, "time_zone", "") or "Asia/Kolkata")
        return format_partial_date(value.astimezone(zone).date(), precision)
    if isinstance(f, dj_models.DateField):
        return format_partial_date(value, precision or Precision.DAY)
    return str(value)
