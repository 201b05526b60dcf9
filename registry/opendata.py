"""Open data: the published dataset as JSON and as a zip of CSVs, with its data dictionary.

The field lists and the data dictionary are read from the models (verbose_name, help_text,
choices), so neither can drift from the schema. The API serializers use `public_fields` too.
Sample records are excluded from the download: they are illustrative, not facts.
"""

import csv
import datetime
import io
import json
import zipfile

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models as dj_models
from django.utils import timezone, translation

from registry import models
from registry.models.base import Record

LICENCE_NAME = "Government Open Data License – India (GODL-India)"
LICENCE_URL = "https://data.gov.in/government-open-data-license-india"
ATTRIBUTION = (
    "The registry's records are compiled from Government of India releases (Press Information "
    "Bureau releases, ministry and department reports). You may use, adapt and redistribute "
    "them, also commercially, if you attribute them: 'S&T Cooperation Registry, compiled from "
    "Government of India releases', and, where you use a record, its cited source (the "
    "`source` and `source_url` fields)."
)
SCOPE = (
    "Only published records are included. Sample records (illustrative demo data flagged "
    "`is_sample` on the website) are excluded from the download."
)
LICENCE_TEXT = f"The data is shared under the {LICENCE_NAME}, {LICENCE_URL}. {ATTRIBUTION} {SCOPE}"

# Dataset name -> model, in the order the files are written and the dictionary is shown.
RECORD_TYPES: dict[str, type[Record]] = {
    "partners": models.Partner,
    "agencies": models.Agency,
    "areas": models.ResearchArea,
    "engagements": models.Engagement,
    "agreements": models.Agreement,
    "calls": models.JointCall,
    "working_groups": models.JointWorkingGroup,
    "reviews": models.JWGReview,
    "facilities": models.Facility,
    "memberships": models.FacilityMembership,
    "stated_figures": models.StatedFigure,
}

# Always true (published) or always false (samples are excluded) in the download.
CONSTANT_IN_DOWNLOAD = {"is_published", "is_sample"}
# An internal edit counter, meaningless outside the registry.
INTERNAL_FIELDS = {"version"}
RECORD_FIELD_NAMES = {f.name for f in Record._meta.get_fields()}


def is_staff_only(field) -> bool:
    """Staff-only fields say so in their help text (see the models); they are never public.

    Read in the source language: the Hindi help text does not start with "Staff only".
    """
    with translation.override(None):
        return str(getattr(field, "help_text", "")).lower().startswith("staff only")


def public_fields(model) -> list:
    """The model's public fields: its own in declaration order, then those every record has."""
    fields = [
        f
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if not is_staff_only(f) and f.name not in INTERNAL_FIELDS
    ]
    return sorted(fields, key=lambda f: (f.name in RECORD_FIELD_NAMES, f.creation_counter))


def download_fields(model) -> list:
    return [f for f in public_fields(model) if f.name not in CONSTANT_IN_DOWNLOAD]


def field_type(field) -> str:
    """A plain description of a field's values in the download."""
    if field.many_to_many:
        return f"list of {dataset_of(field.related_model)} ids"
    if field.many_to_one:
        return f"{dataset_of(field.related_model)} id"
    if isinstance(field, dj_models.BooleanField):
        return "boolean or empty" if field.null else "boolean"
    if isinstance(field, dj_models.DateTimeField):
        return "date-time (ISO 8601, with offset)"
    if isinstance(field, dj_models.DateField):
        return "date (YYYY-MM-DD)"
    if isinstance(field, dj_models.DecimalField):
        return "decimal number (a string in JSON, to keep its precision)"
    if isinstance(field, dj_models.IntegerField | dj_models.AutoField):
        return "integer"
    if isinstance(field, dj_models.URLField):
        return "URL"
    return "text"


def dataset_of(model) -> str:
    return next(name for name, m in RECORD_TYPES.items() if m is model)


def data_dictionary() -> list[dict]:
    """One row per field of every dataset in the download."""
    rows = []
    for dataset, model in RECORD_TYPES.items():
        for field in download_fields(model):
            choices = "; ".join(f"{value} = {label}" for value, label in field.choices or ())
            rows.append(
                {
                    "dataset": dataset,
                    "field": field.name,
                    "type": field_type(field),
                    "label": str(field.verbose_name),
                    "description": str(field.help_text),
                    "allowed_values": choices,
                    "may_be_empty": "yes" if field.null or field.blank else "no",
                }
            )
    return rows


def exported(model):
    """What the download holds: published records that are not samples."""
    queryset = model.objects.published().real()
    m2m = [f.name for f in download_fields(model) if f.many_to_many]
    return queryset.prefetch_related(*m2m).order_by("pk")


def build_dataset() -> dict[str, list[dict]]:
    """Every exported record as a flat dict; links to records not exported are dropped."""
    raw = {name: [_row(obj) for obj in exported(model)] for name, model in RECORD_TYPES.items()}
    ids = {RECORD_TYPES[name]: {row["id"] for row in rows} for name, rows in raw.items()}
    for name, rows in raw.items():
        relations = [f for f in download_fields(RECORD_TYPES[name]) if f.is_relation]
        for row in rows:
            for field in relations:
                row[field.name] = _visible(row[field.name], ids[field.related_model])
    return raw


def _row(obj) -> dict:
    row = {}
    for field in download_fields(type(obj)):
        if field.many_to_many:
            row[field.name] = sorted(o.pk for o in getattr(obj, field.name).all())
        else:
            row[field.name] = field.value_from_object(obj)
    return row


def _visible(value, allowed: set):
    if isinstance(value, list):
        return [pk for pk in value if pk in allowed]
    return value if value in allowed else None


def as_json(dataset: dict | None = None) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):  # the same file whatever the reader's
        return _as_json(dataset)


def _as_json(dataset: dict | None) -> bytes:
    document = {
        "title": "S&T Cooperation Registry: published records",
        "generated_at": timezone.now(),
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL, "statement": LICENCE_TEXT},
        "samples_excluded": True,
        "data_dictionary": data_dictionary(),
        "records": dataset if dataset is not None else build_dataset(),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def as_zip(dataset: dict | None = None) -> bytes:
    """One CSV per dataset, the data dictionary as CSV and the licence as text."""
    with translation.override(settings.LANGUAGE_CODE):
        return _as_zip(dataset if dataset is not None else build_dataset())


def _as_zip(dataset: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, model in RECORD_TYPES.items():
            header = [f.name for f in download_fields(model)]
            archive.writestr(f"{name}.csv", _csv(header, dataset[name]))
        dictionary = data_dictionary()
        archive.writestr("data_dictionary.csv", _csv(list(dictionary[0]), dictionary))
        archive.writestr("LICENCE.txt", LICENCE_TEXT + "\n")
    return buffer.getvalue()


def _csv(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in header])
    return out.getvalue()


def _cell(value) -> str:
    """CSV text: empty for null, true/false, ISO dates, ids of a list joined by ';'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
