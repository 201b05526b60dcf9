"""The catalogue of record types: one entry per model, and every per-type surface derived from it.

A record type has one stem ("working_group"), written with a hyphen in URLs
("/working-groups/") and as its plural in data ("working_groups.csv"). The layers of a type
are found by their names, as in NetBox: `<Model>ListView` and `<Model>DetailView` in
`registry.views`, `<Model>FilterSet` in `registry.filters`, `<Model>Serializer` and
`<Model>ViewSet` in `registry.api`. `tests/test_catalogue.py` fails when a type lacks one.

Plain data and functions: no registry metaclass, no plugins. The order of `TYPES` is the order
of the data (what a record links to comes first); the public pages follow `position`.
docs/adding-a-record-type.md is the checklist for a new entry.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.utils.translation import gettext_lazy as _

from registry import models


@dataclass(frozen=True, eq=False)
class RecordType:
    model: type[models.Record]
    stem: str
    plural: str
    # Fields a record needs before it may be published (registry/publishing.py).
    required_to_publish: tuple[str, ...] = ()
    # Never shown to the public: no page, no API, no download (action items).
    staff_only: bool = False
    # Kept by the review secretariat, who may add, change, delete and publish them.
    secretariat: bool = False
    # A list page and a record page on the site, in this place of the nav and search.
    position: int = 0
    detail_key: str = "<int:pk>"
    heading: str = ""
    # In the site nav (with this label) and among the home page's counts (with this one).
    nav_label: str = ""
    count_label: str = ""
    searchable: bool = True
    in_sitemap: bool = True
    # In the API under /api/v1/<url_prefix>/.
    in_api: bool = True
    # Its records' permanent identifiers start with it ("AGR" in AGR-000123); once records
    # have identifiers it must never change. Empty: the stem's first letters ("PROJ").
    id_prefix: str = ""
    # English fields with an optional Hindi counterpart `<field>_hi` (registry/hindi.py).
    hindi_fields: tuple[str, ...] = ()
    # The field its records are named by on the pages (their str()), shown in the reader's
    # language by {% in_reader_language record %}; empty: the name is shown as it is.
    name_field: str = ""

    @property
    def url_prefix(self) -> str:
        return self.plural.replace("_", "-")

    @property
    def dataset(self) -> str:
        """Its file in the /data/ download and its name in the data dictionary."""
        return self.plural

    @property
    def has_pages(self) -> bool:
        return self.position > 0

    @property
    def identifier_prefix(self) -> str:
        return self.id_prefix or self.stem.replace("_", "").upper()[:4]

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name


TYPES: tuple[RecordType, ...] = (
    RecordType(
        models.Partner,
        "partner",
        "partners",
        required_to_publish=("kind", "name", "source"),
        position=3,
        detail_key="<slug:slug>",
        heading=_("Partners"),
        # Not stored: a country's Hindi name is CLDR's (Partner.name_hi).
        name_field="name",
        nav_label=_("Partners"),
        count_label=_("partners"),
        id_prefix="PTR",
    ),
    RecordType(
        models.Agency,
        "agency",
        "agencies",
        required_to_publish=("name", "short_name", "source"),
        position=8,
        detail_key="<slug:slug>",
        heading=_("Indian agencies"),
        id_prefix="AGY",
        hindi_fields=("name",),
    ),
    RecordType(
        models.ResearchArea,
        "area",
        "areas",
        required_to_publish=("name", "source"),
        position=4,
        detail_key="<slug:slug>",
        heading=_("Research areas"),
        nav_label=_("Areas"),
        count_label=_("research areas"),
        id_prefix="AREA",
        hindi_fields=("name", "description"),
        name_field="name",
    ),
    RecordType(
        models.Engagement,
        "engagement",
        "engagements",
        required_to_publish=("partner", "mode", "source"),
        id_prefix="ENG",
    ),
    RecordType(
        models.Agreement,
        "agreement",
        "agreements",
        required_to_publish=("instrument", "partners", "title", "source"),
        position=1,
        heading=_("Agreements"),
        nav_label=_("Agreements"),
        count_label=_("agreements"),
        id_prefix="AGR",
        hindi_fields=("title", "summary"),
        name_field="title",
    ),
    RecordType(
        models.JointCall,
        "call",
        "calls",
        required_to_publish=("title", "partners", "status", "source"),
        position=2,
        heading=_("Joint calls"),
        nav_label=_("Calls"),
        count_label=_("joint calls"),
        id_prefix="CALL",
        hindi_fields=("title", "scope"),
        name_field="title",
    ),
    RecordType(
        models.JointWorkingGroup,
        "working_group",
        "working_groups",
        required_to_publish=("name", "partners", "source"),
        secretariat=True,
        position=7,
        heading=_("Joint Working Groups"),
        id_prefix="JWG",
    ),
    RecordType(
        models.JWGReview,
        "review",
        "reviews",
        required_to_publish=("group", "held_on", "source"),
        secretariat=True,
        position=6,
        heading=_("Joint Working Group meetings"),
        nav_label=_("Reviews"),
        count_label=_("working group meetings"),
        id_prefix="MTG",
    ),
    RecordType(
        models.ActionItem,
        "action_item",
        "action_items",
        staff_only=True,
        secretariat=True,
        in_api=False,
        id_prefix="ACT",
    ),
    RecordType(
        models.Facility,
        "facility",
        "facilities",
        required_to_publish=("name", "short_name", "kind", "source"),
        position=5,
        detail_key="<slug:slug>",
        heading=_("International research facilities"),
        nav_label=_("Facilities"),
        count_label=_("facilities"),
        id_prefix="FAC",
        hindi_fields=("name", "description"),
    ),
    RecordType(
        models.FacilityMembership,
        "membership",
        "memberships",
        required_to_publish=("facility", "membership_type", "source"),
        id_prefix="MEM",
    ),
    RecordType(
        models.StatedFigure,
        "stated_figure",
        "stated_figures",
        required_to_publish=("label", "value_text", "source"),
        # Shown on the home page with its source; no page or API of its own.
        in_api=False,
        id_prefix="FIG",
    ),
    RecordType(
        models.Project,
        "project",
        "projects",
        required_to_publish=("title", "call", "partners", "status", "source"),
        position=9,  # last in search; no nav_label, so not in the nav
        heading=_("Joint R&D projects"),
        count_label=_("joint R&D projects"),
        id_prefix="PRJ",
    ),
    RecordType(
        models.ProjectResult,
        "project_result",
        "project_results",
        # Shown on its project's page; no page of its own (like facility memberships).
        required_to_publish=("project", "kind", "description", "source"),
        id_prefix="RES",
    ),
)


def get(stem: str) -> RecordType:
    return _BY_STEM[stem]


def of(model) -> RecordType:
    return _BY_MODEL[model]


def public() -> list[RecordType]:
    """Types the public may see in some form (the API, the download, the home page)."""
    return [t for t in TYPES if not t.staff_only]


def with_pages() -> list[RecordType]:
    """Types with a public list and record page, in the order of the nav and search."""
    return sorted((t for t in TYPES if t.has_pages), key=lambda t: t.position)


def in_nav() -> list[RecordType]:
    return [t for t in with_pages() if t.nav_label]


def counted_on_home() -> list[RecordType]:
    return [t for t in with_pages() if t.count_label]


def searched() -> list[RecordType]:
    return [t for t in with_pages() if t.searchable]


def in_sitemap() -> list[RecordType]:
    return [t for t in with_pages() if t.in_sitemap]


def in_api() -> list[RecordType]:
    return [t for t in public() if t.in_api]


def publishable_models() -> list[type[models.Record]]:
    """Models whose records may be published; an Editor proposes changes to these."""
    return [t.model for t in public()]


def secretariat_models() -> list[type[models.Record]]:
    return [t.model for t in TYPES if t.secretariat]


# The layers of a type, found by the naming rule (module, suffix). Imported on first use, as
# these modules themselves read the catalogue.
LAYERS = {
    "list_view": ("registry.views.lists", "ListView"),
    "detail_view": ("registry.views.details", "DetailView"),
    "filterset": ("registry.filters", "FilterSet"),
    "serializer": ("registry.api.serializers", "Serializer"),
    "write_serializer": ("registry.api.serializers", "WriteSerializer"),
    "viewset": ("registry.api.views", "ViewSet"),
}


@cache
def layer(record_type: RecordType, name: str):
    """The class of `record_type` in layer `name` ("list_view", "filterset", ...)."""
    module, suffix = LAYERS[name]
    return getattr(import_module(module), f"{record_type.model.__name__}{suffix}")


def list_view(record_type: RecordType):
    return layer(record_type, "list_view")


def detail_view(record_type: RecordType):
    return layer(record_type, "detail_view")


def filterset(model):
    return layer(of(model), "filterset")


def filtersets() -> dict:
    """Model -> FilterSet, for every type with a list: the pages and the API share them."""
    return {t.model: filterset(t.model) for t in in_api()}


def endpoints() -> dict:
    """URL prefix under /api/v1/ -> viewset, for every type in the API."""
    return {t.url_prefix: layer(t, "viewset") for t in in_api()}


def hindi_field_names(model) -> list[str]:
    """The model's stored Hindi fields (`title_hi`, `summary_hi`), in the catalogue's order;
    none for a model not in the catalogue."""
    record_type = _BY_MODEL.get(model)
    return [f"{name}_hi" for name in record_type.hindi_fields] if record_type else []


def by_identifier_prefix(prefix: str) -> RecordType | None:
    """The type whose identifiers start with `prefix` ("AGR"), if any."""
    return _BY_PREFIX.get(prefix.upper())


_BY_STEM = {t.stem: t for t in TYPES}
_BY_PREFIX = {t.identifier_prefix: t for t in TYPES}
_BY_MODEL = {t.model: t for t in TYPES}
