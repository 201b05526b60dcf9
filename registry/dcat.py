"""/data/catalog.jsonld: the open data described in DCAT-AP 3 and schema.org, one JSON-LD graph.

Each node carries both vocabularies (a dcat:Dataset is also a schema:Dataset, a
dcat:Distribution a schema:DataDownload), so a DCAT harvester (data.europa.eu, CKAN's
ckanext-dcat) and a schema.org reader (search engines' dataset search) read the same file.
The fields India's Open Government Data platform (data.gov.in) asks for under NDSAP are all
present; docs/open-data.md maps each to its property here. Sizes and SHA-256 checksums are
those of the built files (registry.opendata's manifest and the snapshots' rows).
"""

from django.conf import settings
from django.urls import reverse

from registry import datapackage, opendata

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "https://schema.org/",
}
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
FORMATS = {"zip": "ZIP", "json": "JSON", "datapackage": "JSON"}
MEDIA_TYPES = {**opendata.MEDIA_TYPES, "datapackage": "application/json"}
TITLES = {
    "zip": "All records as CSV (a zip with the data dictionary, licence and datapackage.json)",
    "json": "All records as JSON",
    "datapackage": "Frictionless Data Package descriptor (Table Schema of every CSV file)",
}
FRICTIONLESS = "https://specs.frictionlessdata.io/data-package/"

# NDSAP metadata (data.gov.in) with no DCAT-AP property of its own, in a vocabulary of this
# catalogue (its terms are documented in docs/open-data.md).
SECTOR = "Science & Technology"
JURISDICTION = "India (Central Government)"
FREQUENCY = "Irregular: the data changes when a record is published, changed or withdrawn"
GRANULARITY = "National; one row per record (agreement, call, working group, meeting, facility)"


def _literal(value, kind: str) -> dict:
    return {"@value": value, "@type": f"xsd:{kind}"}


def _text(value: str) -> dict:
    return {"@value": value, "@language": "en"}


def catalogue(request, manifest: dict, snapshots) -> dict:
    base = getattr(settings, "REGISTRY_BASE_URL", "") or request.build_absolute_uri("/")[:-1]

    def url(route, **kwargs) -> str:
        return base + reverse(route, kwargs=kwargs or None)

    page = url("opendata:index")
    snapshots = list(snapshots)
    contact = {
        "@type": ["vcard:Kind", "schema:ContactPoint"],
        "vcard:fn": "S&T Cooperation Registry",
        "vcard:hasEmail": {"@id": f"mailto:{settings.REGISTRY_CONTACT_EMAIL}"},
        "schema:email": settings.REGISTRY_CONTACT_EMAIL,
        "schema:url": url("registry:contact") if _has_contact() else page,
    }
    # An id of this catalogue's own: the ministry's departments each have a site, the
    # ministry as a whole has none the registry cites.
    publisher_id = page + "#publisher"
    publisher = {
        "@id": publisher_id,
        "@type": ["foaf:Organization", "schema:GovernmentOrganization"],
        "foaf:name": datapackage.PUBLISHER,
        "schema:name": datapackage.PUBLISHER,
    }
    licence = {"@id": opendata.LICENCE_URL, "@type": "dct:LicenseDocument"}
    context = {**CONTEXT, "ndsap": f"{url('opendata:catalog')}#"}
    issued = min((s.day for s in snapshots), default=None)

    def dataset(node_id, title, description, modified, distributions, extra=()) -> dict:
        node = {
            "@id": node_id,
            "@type": ["dcat:Dataset", "schema:Dataset"],
            "dct:title": _text(title),
            "schema:name": title,
            "dct:description": _text(description),
            "schema:description": description,
            "dcat:keyword": [_text(k) for k in datapackage.KEYWORDS],
            "schema:keywords": datapackage.KEYWORDS,
            "dcat:theme": {"@id": f"{EU}data-theme/TECH"},
            "ndsap:sector": SECTOR,
            "dct:publisher": {"@id": publisher_id},
            "schema:publisher": {"@id": publisher_id},
            "dcat:contactPoint": contact,
            "dct:license": licence,
            "schema:license": opendata.LICENCE_URL,
            "dct:rights": _text(opendata.ATTRIBUTION),
            "dct:spatial": {"@id": f"{EU}country/IND"},
            "schema:spatialCoverage": "India",
            "ndsap:jurisdiction": JURISDICTION,
            "dct:accrualPeriodicity": {"@id": f"{EU}frequency/IRREG"},
            "ndsap:frequency": FREQUENCY,
            "ndsap:granularity": GRANULARITY,
            "dct:language": {"@id": f"{EU}language/ENG"},
            "schema:inLanguage": "en",
            "dcat:landingPage": {"@id": page},
            "dct:references": [{"@id": page + "#dictionary"}, {"@id": base + "/api/docs/"}],
            "dct:modified": _literal(modified, "dateTime"),
            "schema:dateModified": modified,
            "dcat:distribution": distributions,
            "schema:distribution": [{"@id": d["@id"]} for d in distributions],
        }
        node.update(extra)
        return node

    current_files = {
        "zip": (url("opendata:csv_zip"), manifest["files"]["zip"]),
        "json": (url("opendata:json"), manifest["files"]["json"]),
    }
    distributions = [_distribution(kind, *current_files[kind]) for kind in ("zip", "json")]
    distributions.append(_distribution("datapackage", url("opendata:datapackage"), None))
    current = dataset(
        page + "#dataset",
        datapackage.TITLE,
        datapackage.DESCRIPTION,
        manifest["modified"],
        distributions,
        {
            "dct:issued": _literal(issued.isoformat(), "date") if issued else None,
            "schema:datePublished": issued.isoformat() if issued else None,
            "dct:hasPart": [{"@id": _snapshot_id(page, s)} for s in snapshots],
        },
    )
    current = {k: v for k, v in current.items() if v is not None}
    series = {
        "@id": page + "#snapshots",
        "@type": "dcat:DatasetSeries",
        "dct:title": _text("Dated snapshots of the S&T Cooperation Registry"),
        "dct:description": _text(
            "The registry's public data as it stood at the end of each day it changed; "
            "the newest ten, and the last of every month, are kept."
        ),
        "dct:publisher": {"@id": publisher_id},
        "dct:license": licence,
        "dcat:contactPoint": contact,
    }
    snapshot_nodes = []
    for snapshot in snapshots:
        day = snapshot.day.isoformat()
        until = snapshot.superseded_on.isoformat() if snapshot.superseded_on else None
        files = {f.artefact: f for f in snapshot.files.all()}
        snapshot_distributions = [
            _distribution(
                kind,
                url("opendata:snapshot", day=day, name=name),
                {"bytes": files[kind].size, "sha256": files[kind].sha256},
                suffix=f" ({day})",
            )
            for name, kind in (("registry-csv.zip", "zip"), ("registry.json", "json"))
            if kind in files
        ]
        description = f"The registry's public data at the end of {day}" + (
            f", current until {until}." if until else ", the current data."
        )
        snapshot_nodes.append(
            dataset(
                _snapshot_id(page, snapshot),
                f"{datapackage.TITLE} as of {day}",
                description,
                snapshot.built_at.isoformat(),
                snapshot_distributions,
                {
                    "dct:issued": _literal(day, "date"),
                    "schema:datePublished": day,
                    "dcat:version": day,
                    "dcat:inSeries": {"@id": series["@id"]},
                    "dct:isPartOf": {"@id": current["@id"]},
                },
            )
        )
    catalog = {
        "@id": url("opendata:catalog"),
        "@type": ["dcat:Catalog", "schema:DataCatalog"],
        "dct:title": _text("S&T Cooperation Registry open data"),
        "schema:name": "S&T Cooperation Registry open data",
        "dct:description": _text(datapackage.DESCRIPTION),
        "dct:publisher": {"@id": publisher_id},
        "dct:license": licence,
        "dct:language": {"@id": f"{EU}language/ENG"},
        "foaf:homepage": {"@id": page},
        "dct:modified": _literal(manifest["modified"], "dateTime"),
        "dcat:dataset": [{"@id": current["@id"]}, {"@id": series["@id"]}]
        + [{"@id": n["@id"]} for n in snapshot_nodes],
        "schema:dataset": [{"@id": current["@id"]}] + [{"@id": n["@id"]} for n in snapshot_nodes],
    }
    return {"@context": context, "@graph": [catalog, publisher, current, series, *snapshot_nodes]}


def _snapshot_id(page: str, snapshot) -> str:
    return f"{page}#snapshot-{snapshot.day.isoformat()}"


def _distribution(kind: str, address: str, stats: dict | None, suffix: str = "") -> dict:
    media_type = MEDIA_TYPES[kind]
    node = {
        "@id": address,
        "@type": ["dcat:Distribution", "schema:DataDownload"],
        "dct:title": _text(TITLES[kind] + suffix),
        "schema:name": TITLES[kind] + suffix,
        "dcat:accessURL": {"@id": address},
        "dcat:downloadURL": {"@id": address},
        "schema:contentUrl": address,
        "dcat:mediaType": {"@id": IANA + media_type},
        "schema:encodingFormat": media_type,
        "dct:format": {"@id": f"{EU}file-type/{FORMATS[kind]}"},
        "dct:license": {"@id": opendata.LICENCE_URL},
    }
    if kind == "zip":
        node["dcat:packageFormat"] = {"@id": f"{EU}file-type/ZIP"}
        node["dct:conformsTo"] = {"@id": FRICTIONLESS}
    if kind == "datapackage":
        node["dct:conformsTo"] = {"@id": FRICTIONLESS}
    if stats:
        node["dcat:byteSize"] = _literal(stats["bytes"], "nonNegativeInteger")
        node["schema:contentSize"] = f"{stats['bytes']} B"
        node["spdx:checksum"] = {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": _literal(stats["sha256"], "hexBinary"),
        }
        node["schema:sha256"] = stats["sha256"]
    return node


def _has_contact() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("registry:contact")
    except NoReverseMatch:
        return False
    return True
