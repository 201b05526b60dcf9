"""The Frictionless Data Package (datapackage.json) of the /data/ zip, derived from the models.

Every resource and its Table Schema are read from the catalogue's public types and their
download fields (registry.opendata.download_fields), so a new field or record type appears
here with no code of its own: field types from the model field classes, `required`, `enum`
(choices), `maxLength`, `unique` and minimum/maximum from the field's definition, the primary
key from the model's, foreign keys from its relations. The descriptor also carries each CSV
file's size and SHA-256, so a validator checks the files against it byte for byte.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import validators as dj_validators
from django.db import models as dj_models
from django.db.models.fields import PositiveIntegerRelDbTypeMixin

from registry import opendata

PACKAGE_NAME = "india-st-cooperation-registry"
TITLE = "S&T Cooperation Registry: published records"
DESCRIPTION = (
    "India's international science and technology cooperation: agreements (MoU, LoI, PoC and "
    "other instruments) with partner countries and organisations, joint calls for R&D "
    "proposals, Joint Working Groups and their meetings, and India's memberships of "
    "international research facilities. Every record cites its source. " + opendata.SCOPE
)
PUBLISHER = "Ministry of Science and Technology, Government of India"
KEYWORDS = [
    "science and technology",
    "international cooperation",
    "India",
    "agreements",
    "memoranda of understanding",
    "joint calls for proposals",
    "joint working groups",
    "research facilities",
]
# The CSV dialect of registry.opendata.write_zip (csv.writer's defaults).
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
LIST_DELIMITER = ";"
# The file the package's own schema is for (frictionless: the data dictionary is a table too).
DICTIONARY = "data_dictionary"
LICENCES = [{"name": "GODL-India", "path": opendata.LICENCE_URL, "title": opendata.LICENCE_NAME}]
PROFILE = "tabular-data-package"


def field_descriptor(field) -> dict:
    """A Table Schema field for one download field."""
    descriptor = {
        "name": field.name,
        "title": str(field.verbose_name),
        "description": str(field.help_text),
        **_type_of(field),
    }
    if field.many_to_many:
        target = opendata.dataset_of(field.related_model)
        # Table Schema has no foreign key on a list: the link is stated in words and in a
        # property of our own, which validators ignore.
        linked = f"Ids of {target} records, separated by “{LIST_DELIMITER}”."
        descriptor["description"] = " ".join(filter(None, [linked, descriptor["description"]]))
        descriptor["x-references"] = {"resource": target, "fields": ["id"]}
    constraints = _constraints(field)
    if constraints:
        descriptor["constraints"] = constraints
    if not descriptor["description"]:
        del descriptor["description"]
    return descriptor


def _type_of(field) -> dict:
    if field.many_to_many:
        return {"type": "list", "itemType": "integer", "delimiter": LIST_DELIMITER}
    if field.many_to_one or field.one_to_one:
        return _type_of(field.target_field)
    if isinstance(field, dj_models.BooleanField):
        return {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if isinstance(field, dj_models.DateTimeField):
        return {"type": "datetime"}  # ISO 8601 with its offset, as _cell writes it
    if isinstance(field, dj_models.DateField):
        return {"type": "date"}
    if isinstance(field, dj_models.TimeField):
        return {"type": "time"}
    if isinstance(field, dj_models.DecimalField | dj_models.FloatField):
        return {"type": "number"}
    if isinstance(field, dj_models.IntegerField | dj_models.AutoField):
        return {"type": "integer"}
    if isinstance(field, dj_models.URLField):
        return {"type": "string", "format": "uri"}
    if isinstance(field, dj_models.EmailField):
        return {"type": "string", "format": "email"}
    if isinstance(field, dj_models.UUIDField):
        return {"type": "string", "format": "uuid"}
    return {"type": "string"}


def _constraints(field) -> dict:
    constraints = {}
    if is_required(field):
        constraints["required"] = True
    if field.unique and not field.primary_key:
        constraints["unique"] = True
    choices = [value for value, _label in field.flatchoices if value not in ("", None)]
    if choices and not field.is_relation:
        constraints["enum"] = choices
    kind = _type_of(field)["type"]
    if kind == "string" and field.max_length:
        constraints["maxLength"] = field.max_length
    if kind in ("integer", "number"):
        if isinstance(field, PositiveIntegerRelDbTypeMixin):
            constraints["minimum"] = 0
        # Only the bounds the model declares: not the database's own integer range.
        for validator in field._validators:
            if isinstance(validator, dj_validators.MinValueValidator):
                constraints["minimum"] = validator.limit_value
            elif isinstance(validator, dj_validators.MaxValueValidator):
                constraints["maximum"] = validator.limit_value
    return constraints


def is_required(field) -> bool:
    """Never empty in the download: not nullable and not blank, or always set by the database
    (the id, the creation and change times)."""
    if (
        field.primary_key
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    ):
        return True
    if field.many_to_many:
        return False  # a record's links to drafts are dropped, so a list may be empty
    if field.many_to_one:
        return False  # a link to a draft or a sample is emptied (opendata._visible)
    return not field.null and not field.blank


def table_schema(model) -> dict:
    fields = opendata.download_fields(model)
    schema = {
        "fields": [field_descriptor(f) for f in fields],
        "missingValues": [""],
        "primaryKey": [model._meta.pk.name],
    }
    foreign_keys = []
    for field in fields:
        if (field.many_to_one or field.one_to_one) and field.related_model in _exported():
            target = opendata.dataset_of(field.related_model)
            foreign_keys.append(
                {
                    "fields": [field.name],
                    # "" is the resource itself (an agreement superseding another).
                    "reference": {
                        "resource": "" if field.related_model is model else target,
                        "fields": [field.target_field.name],
                    },
                }
            )
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def _exported() -> set:
    return set(opendata.dataset_models().values())


def dictionary_schema() -> dict:
    """The schema of data_dictionary.csv, from the columns opendata.data_dictionary() gives."""
    descriptions = {
        "dataset": "The file (without .csv) the field is a column of.",
        "field": "The column's name.",
        "type": "Its values, in words.",
        "label": "Its label on the website.",
        "description": "What it holds.",
        "allowed_values": "The codes it may hold, each with its meaning, separated by “;”.",
        "may_be_empty": "“yes” when a cell may be empty.",
    }
    columns = list(opendata.dictionary_columns())
    fields = [
        {"name": c, "type": "string", "description": descriptions.get(c, "")} for c in columns
    ]
    for field in fields:
        if field["name"] in ("dataset", "field"):
            field["constraints"] = {"required": True}
        if field["name"] == "dataset":
            field["constraints"]["enum"] = list(opendata.DATASETS)
        if field["name"] == "may_be_empty":
            field["constraints"] = {"required": True, "enum": ["yes", "no"]}
    return {"fields": fields, "missingValues": [""], "primaryKey": ["dataset", "field"]}


def resource(name: str, title: str, description: str, schema: dict, stats: dict | None) -> dict:
    descriptor = {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": DIALECT,
        "schema": schema,
    }
    if stats:
        descriptor["bytes"] = stats["bytes"]
        descriptor["hash"] = f"sha256:{stats['sha256']}"
    return descriptor


def resources(stats: dict | None = None) -> list[dict]:
    """One resource per file of the zip, in its order; `stats`: file name -> bytes, sha256."""
    stats = stats or {}
    found = []
    for name, model in opendata.dataset_models().items():
        description = " ".join((model.__doc__ or "").split())
        title = str(model._meta.verbose_name_plural).capitalize()
        found.append(resource(name, title, description, table_schema(model), stats.get(name)))
    found.append(
        resource(
            DICTIONARY,
            "Data dictionary",
            "Every field of every file: its type, label, description and allowed values.",
            dictionary_schema(),
            stats.get(DICTIONARY),
        )
    )
    return found


def sources(dataset: dict) -> list[dict]:
    """The sites the records cite (their source_url), most cited first."""
    hosts: dict[str, int] = {}
    for rows in dataset.values():
        for row in rows:
            url = row.get("source_url") or ""
            host = urlsplit(url).hostname if url else None
            if host:
                hosts[host] = hosts.get(host, 0) + 1
    ranked = sorted(hosts.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"title": f"{host} ({count} records)", "path": f"https://{host}/"} for host, count in ranked
    ]


def descriptor(dataset: dict, stats: dict | None = None, created=None) -> dict:
    """The whole datapackage.json for `dataset` (registry.opendata.build_dataset())."""
    package = {
        "profile": PROFILE,
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "keywords": KEYWORDS,
        "licenses": LICENCES,
        "sources": sources(dataset),
        "contributors": [{"title": PUBLISHER, "role": "publisher"}],
        "resources": resources(stats),
    }
    base = getattr(settings, "REGISTRY_BASE_URL", "")
    if base:
        package["homepage"] = f"{base}/data/"
    if created is not None:
        package["created"] = created.isoformat(timespec="seconds")
    return package


def schemas() -> dict:
    """Every resource's schema, name -> schema: what a change of the data's shape changes."""
    return {r["name"]: r["schema"] for r in resources()}
