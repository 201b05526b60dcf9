"""Open data: the published dataset as JSON and as a zip of CSVs, with its data dictionary.

The field lists and the data dictionary are read from the models (verbose_name, help_text,
choices), so neither can drift from the schema. The API serializers use `public_fields` too.
Sample records are excluded from the download: they are illustrative, not facts. The zip
carries a Frictionless datapackage.json (registry/datapackage.py); each build is kept as the
day's snapshot (registry/snapshots.py); docs/open-data.md describes the whole.
"""

import contextlib
import csv
import datetime
import hashlib
import io
import json
import logging
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models as dj_models
from django.utils import timezone, translation

from registry import catalogue
from registry.exports import spreadsheet_safe
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
RECORD_TYPES: dict[str, type[Record]] = {t.dataset: t.model for t in catalogue.public()}

# Rows that are part of a record (no publication of their own), each kind in a dataset of its
# own: dataset -> (model, the field naming the record it is part of). A row is in the download
# when its record is and every record it names is: a party row naming a draft partner is left
# out whole, as the partner is left out of the agreement's partners.
PARTS = {"agreement_parties": ("registry.AgreementParty", "agreement")}


def part_model(dataset: str):
    from django.apps import apps

    return apps.get_model(PARTS[dataset][0])


# Every file of the download, in order: the record types, then the parts of records.
DATASETS = [*RECORD_TYPES, *PARTS]

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
    return catalogue.of(model).dataset


DICTIONARY_COLUMNS = (
    "dataset",
    "field",
    "type",
    "label",
    "description",
    "allowed_values",
    "may_be_empty",
)


def dictionary_columns() -> tuple[str, ...]:
    return DICTIONARY_COLUMNS


def dataset_models() -> dict:
    return {**RECORD_TYPES, **{name: part_model(name) for name in PARTS}}


def data_dictionary() -> list[dict]:
    """One row per field of every dataset in the download."""
    rows = []
    for dataset, model in dataset_models().items():
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
    """Every exported record as a flat dict; links to records not exported are dropped.

    Read as value tuples, and many-to-many links straight from the link tables: no model
    instances, one query per record type and per many-to-many field whatever the size.
    """
    raw = {name: _rows(model) for name, model in RECORD_TYPES.items()}
    ids = {RECORD_TYPES[name]: {row["id"] for row in rows} for name, rows in raw.items()}
    for name, rows in raw.items():
        relations = [f for f in download_fields(RECORD_TYPES[name]) if f.is_relation]
        for row in rows:
            for field in relations:
                row[field.name] = _visible(row[field.name], ids[field.related_model])
    for name in PARTS:
        raw[name] = _part_rows(part_model(name))
    return raw


def exported_part(model):
    """The rows of a part of records whose every link is to an exported record."""
    links = [f for f in download_fields(model) if f.is_relation]
    where = {f"{f.name}__in": exported(f.related_model).values("pk") for f in links}
    return model._base_manager.filter(**where).order_by("pk")


def exported_count(dataset: str) -> int:
    if dataset in PARTS:
        return exported_part(part_model(dataset)).count()
    return exported(RECORD_TYPES[dataset]).count()


def _part_rows(model) -> list[dict]:
    fields = download_fields(model)
    values = exported_part(model).values_list(*[f.attname for f in fields])
    return [{f.name: v for f, v in zip(fields, row, strict=True)} for row in values]


def _rows(model) -> list[dict]:
    fields = download_fields(model)
    columns = [f for f in fields if not f.many_to_many]
    index = {f.name: i for i, f in enumerate(columns)}
    links = {f.name: _links(f) for f in fields if f.many_to_many}
    pk = index[model._meta.pk.name]
    queryset = model.objects.published().real().order_by("pk")
    rows = []
    # Not .iterator(): a server-side cursor would not survive PgBouncer's transaction mode.
    for values in queryset.values_list(*[f.attname for f in columns]):
        row = {}
        for field in fields:
            if field.many_to_many:
                row[field.name] = links[field.name].get(values[pk], [])
            else:
                row[field.name] = values[index[field.name]]
        rows.append(row)
    return rows


def _links(field) -> dict[int, list[int]]:
    """A many-to-many field's links, {record id: sorted linked ids}, from its link table."""
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    links: dict[int, list[int]] = {}
    for source_id, target_id in through._base_manager.values_list(source, target).order_by():
        links.setdefault(source_id, []).append(target_id)
    for linked in links.values():
        linked.sort()
    return links


def _visible(value, allowed: set):
    if isinstance(value, list):
        return [pk for pk in value if pk in allowed]
    return value if value in allowed else None


def write_json(out, dataset: dict, generated_at: datetime.datetime | None = None) -> None:
    """The JSON document, written to the binary file `out` piece by piece."""
    document = {
        "title": "S&T Cooperation Registry: published records",
        "generated_at": generated_at or timezone.now(),
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL, "statement": LICENCE_TEXT},
        "samples_excluded": True,
        "data_dictionary": data_dictionary(),
        "records": dataset,
    }
    # The same bytes as json.dumps(document, ...).encode(), without the whole text in memory.
    encoder = DjangoJSONEncoder(ensure_ascii=False, indent=1)
    pieces = []
    for piece in encoder.iterencode(document):
        pieces.append(piece)
        if len(pieces) >= 8192:
            out.write("".join(pieces).encode())
            pieces.clear()
    out.write("".join(pieces).encode())


def write_zip(out, dataset: dict, generated_at: datetime.datetime | None = None) -> dict:
    """The CSV files, the data dictionary, the licence and, last, datapackage.json: the
    Frictionless descriptor with each CSV's size and SHA-256. Returns that descriptor.

    Every member is stamped `generated_at`, so the same data and time give the same bytes
    (and the same checksum) on every rebuild and every host.
    """
    from registry import datapackage

    generated_at = generated_at or timezone.now()
    stamp = timezone.localtime(generated_at).timetuple()[:6]
    stats = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, model in dataset_models().items():
            header = [f.name for f in download_fields(model)]
            stats[name] = _write_csv(archive, f"{name}.csv", header, dataset[name], stamp)
        stats["data_dictionary"] = _write_csv(
            archive, "data_dictionary.csv", list(DICTIONARY_COLUMNS), data_dictionary(), stamp
        )
        archive.writestr(_member("LICENCE.txt", archive, stamp), LICENCE_TEXT + "\n")
        package = datapackage.descriptor(dataset, stats, generated_at)
        text = json.dumps(package, ensure_ascii=False, indent=1)
        archive.writestr(_member("datapackage.json", archive, stamp), text)
    return package


def _member(name: str, archive: zipfile.ZipFile, stamp: tuple) -> zipfile.ZipInfo:
    """A member with the attributes writestr() would give it, but a fixed time."""
    member = zipfile.ZipInfo(name, date_time=stamp)
    member.compress_type = archive.compression
    member.external_attr = 0o600 << 16
    return member


class _Hashing(io.RawIOBase):
    """Passes bytes on to `raw`, counting and hashing them (a CSV's size and SHA-256)."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def writable(self):
        return True

    def write(self, data):
        self.sha256.update(data)
        self.size += len(data)
        return self.raw.write(data)


def _write_csv(
    archive: zipfile.ZipFile, name: str, header: list[str], rows: list[dict], stamp: tuple
) -> dict:
    """A CSV member streamed into the archive; its size and SHA-256."""
    member = _member(name, archive, stamp)
    with archive.open(member, "w") as raw:
        hashing = _Hashing(raw)
        with io.TextIOWrapper(hashing, "utf-8", newline="") as text:
            writer = csv.writer(text)
            writer.writerow(header)
            for row in rows:
                # Guarded before _cell turns numbers into text: as in the list exports, only
                # text is prefixed, so a negative number stays a number.
                values = spreadsheet_safe([row[name] for name in header])
                writer.writerow([_cell(value) for value in values])
    return {"bytes": hashing.size, "sha256": hashing.sha256.hexdigest()}


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


# --- The downloads on disk ------------------------------------------------------------------
# Each download is built once per data version (registry.caching; a new one on every save,
# delete or relink of a registry record) by registry.builds, off the request path, into
# OPENDATA_DIR: each file written to a temporary name and renamed into place, the manifest
# last. A build becomes current when its run (registry.JobRun) is marked complete, after all
# its files are in place; readers serve the last complete build (`serving()`).

ARTEFACTS = {
    "json": "registry-{version}.json",
    "zip": "registry-csv-{version}.zip",
    # Written last: the sizes, SHA-256 checksums and Data Package of the two above, and when
    # the public data last changed. Also kept in the build's run (JobRun.result).
    "manifest": "registry-manifest-{version}.json",
}
MEDIA_TYPES = {"json": "application/json", "zip": "application/zip"}
TEMPORARY_PREFIX = ".tmp-"


class NotBuiltYet(Exception):
    """No build of the downloads has ever completed (a fresh install): try again shortly."""


class Serving:
    """The last complete build, as readers get it: its manifest, when it read the data, and
    whether the data has changed since (a newer build is then on its way)."""

    def __init__(self, run, current_version: str):
        self.run = run
        self.manifest = run.result
        self.version = run.key
        self.as_of = datetime.datetime.fromisoformat(self.manifest["built_at"])
        self.behind = run.key != current_version

    def path(self, artefact: str) -> Path:
        name = ARTEFACTS[artefact].format(version=_file_safe(self.version))
        return Path(settings.REGISTRY_OPENDATA_DIR) / name

    def open(self, artefact: str):
        """The build's file, opened for binary reading (restored from its snapshot in the
        database if this host does not have it: the build was made on another host)."""
        path = self.path(artefact)
        try:
            return open(path, "rb")  # noqa: SIM115 - FileResponse closes it
        except FileNotFoundError:
            try:
                _restore_from_snapshot(self.manifest, path.parent)
            except FileNotFoundError:
                # Neither here nor in a snapshot (removed while this reader waited, or an
                # OPENDATA_DIR lost): the reader is asked to come back; the next change, or
                # `manage.py build_open_data` after a new version, builds them again.
                logging.getLogger("registry.builds").warning(
                    "The files of open-data build %s are missing", self.version
                )
                raise NotBuiltYet from None
            return open(path, "rb")  # noqa: SIM115


def serving() -> Serving:
    """The last complete build; a new one asked for (in the background) if it is behind the
    data. Raises NotBuiltYet when there has never been one. Never builds in the caller
    (except with OPENDATA_BUILDS=immediate, for tests)."""
    from registry import builds

    version = builds.current_version()
    run = builds.latest()
    if run is None or run.key != version:
        builds.request_build()
        if run is None or builds.is_immediate():
            run = builds.latest()
    if run is None:
        raise NotBuiltYet
    return Serving(run, version)


def open_artefact(artefact: str):
    """The download `artefact` ("json", "zip" or "manifest") of the last complete build."""
    return serving().open(artefact)


def read_manifest() -> dict:
    """The last complete build's manifest."""
    return serving().manifest


def build_open_data() -> dict:
    """Build the current data version's downloads now (unless built), and its dated snapshot;
    the manifest. For `manage.py build_open_data` and scripts: it runs in the caller."""
    from registry import builds

    run = builds.build_pending()
    if run is None:
        raise RuntimeError(
            "The open data was not built: another process is building this version, or the "
            "build failed (see the log)."
        )
    return run.result


def build_version(version: str) -> dict:
    """Write the files of `version` beside the current ones (registry.builds calls it, once
    per version); its manifest."""
    directory = Path(settings.REGISTRY_OPENDATA_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return _build(directory, version)


def content_sha256(dataset: dict) -> str:
    """A digest of the records and of the files' schemas, not of when they were built: the
    same whenever the public data is the same."""
    from registry import datapackage

    digest = hashlib.sha256()
    document = {"schemas": datapackage.schemas(), "records": dataset}
    encoder = DjangoJSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for piece in encoder.iterencode(document):
        digest.update(piece.encode())
    return digest.hexdigest()


def _file_safe(version: str) -> str:
    if re.fullmatch(r"[0-9A-Za-z_-]{1,64}", version):
        return version
    return hashlib.sha256(version.encode()).hexdigest()[:32]


def _build(directory: Path, version: str, record: bool = True) -> dict:
    """Both downloads of one reading of the data (one pass over the database for the two),
    then their snapshot (`record`) and, last, the manifest."""
    from registry import snapshots

    with translation.override(settings.LANGUAGE_CODE):
        built_at = timezone.now()
        dataset = build_dataset()
        content = content_sha256(dataset)
        # Stamped with the data's last change (the build that first held this content), not
        # with this build: a rebuild of unchanged data gives the same bytes and checksums.
        previous = snapshots.latest_with(content)
        stamped = previous.built_at if previous else built_at
        safe = _file_safe(version)
        paths = {
            artefact: directory / name.format(version=safe) for artefact, name in ARTEFACTS.items()
        }
        _write_atomically(paths["json"], lambda out: write_json(out, dataset, stamped))
        package = {}
        _write_atomically(
            paths["zip"], lambda out: package.update(write_zip(out, dataset, stamped))
        )
        files = {}
        for artefact in MEDIA_TYPES:
            data = paths[artefact].read_bytes()
            files[artefact] = {
                "name": paths[artefact].name,
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "media_type": MEDIA_TYPES[artefact],
            }
        counts = {name: len(rows) for name, rows in dataset.items()}
        if record:
            snapshot = snapshots.record(
                version=version,
                built_at=stamped,
                content_sha256=content,
                record_count=sum(counts.values()),
                files={artefact: paths[artefact].read_bytes() for artefact in MEDIA_TYPES},
            )
            stamped = snapshot.built_at
        manifest = {
            "version": version,
            "built_at": built_at.isoformat(),
            # When the public data last changed: the build that first held this content.
            "modified": stamped.isoformat(),
            "content_sha256": content,
            "record_counts": counts,
            "files": files,
            "package": package,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        _write_atomically(paths["manifest"], lambda out: out.write(text))
    return manifest


def _write_atomically(path: Path, write) -> None:
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=path.suffix
    )
    try:
        with os.fdopen(descriptor, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def remove_old(live_versions: set[str]) -> None:
    """The files of builds no longer kept (registry.builds.prune; a reader still streaming
    one keeps its open copy), and temporary files left by a build that died."""
    directory = Path(settings.REGISTRY_OPENDATA_DIR)
    if not directory.is_dir():
        return
    live = {
        name.format(version=_file_safe(v)) for v in live_versions for name in ARTEFACTS.values()
    }
    now = time.time()
    for entry in directory.iterdir():
        if entry.name.startswith("registry-"):
            old = entry.name not in live
        elif entry.name.startswith(TEMPORARY_PREFIX):
            try:
                old = now - entry.stat().st_mtime >= 3600
            except FileNotFoundError:
                continue
        else:
            continue
        if old:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()


def _restore_from_snapshot(manifest: dict, directory: Path) -> None:
    """Write a build's files from the snapshot that holds the same bytes (a build made by
    another host: the snapshot of its content is in the database)."""
    from registry.models import SnapshotFile

    directory.mkdir(parents=True, exist_ok=True)
    version = _file_safe(manifest["version"])
    for artefact in MEDIA_TYPES:
        wanted = manifest["files"][artefact]["sha256"]
        file = SnapshotFile.objects.filter(artefact=artefact, sha256=wanted).first()
        if file is None:
            raise FileNotFoundError(f"no file or snapshot holds the {artefact} of {version}")
        data = bytes(file.content)
        path = directory / ARTEFACTS[artefact].format(version=version)
        _write_atomically(path, lambda out, data=data: out.write(data))
    text = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    path = directory / ARTEFACTS["manifest"].format(version=version)
    _write_atomically(path, lambda out: out.write(text))
