"""The catalogue of record types is complete: every model has an entry, every entry every layer.

A type forgotten somewhere used to fail silently (no search results, no sitemap entry, no
role permission, no open data). Each surface is now derived from registry/catalogue.py, and
these tests fail when an entry lacks what its flags promise.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models as dj_models
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse

from registry import catalogue, models, opendata, publishing, roles
from registry.sitemaps import SITEMAPS
from registry.views.base import PublicDetailView, PublicListView
from tests import test_public_pages

TYPES = catalogue.TYPES
WITH_PAGES = catalogue.with_pages()
IN_API = catalogue.in_api()


def ids(types):
    return [t.stem for t in types]


def test_every_record_model_has_exactly_one_entry():
    records = {
        m for m in apps.get_app_config("registry").get_models() if issubclass(m, models.Record)
    }
    entries = [t.model for t in TYPES]

    assert sorted(entries, key=str) == sorted(records, key=str)


@pytest.mark.parametrize("attribute", ["stem", "plural", "url_prefix", "position"])
def test_names_are_unique(attribute):
    values = [getattr(t, attribute) for t in TYPES if getattr(t, attribute)]

    assert len(values) == len(set(values))


@pytest.mark.parametrize("record_type", TYPES, ids=ids(TYPES))
def test_a_stem_is_one_word_written_the_same_everywhere(record_type):
    assert record_type.stem.isidentifier() and record_type.stem.islower()
    assert record_type.plural.startswith(record_type.stem[:-1])
    assert record_type.url_prefix == record_type.plural.replace("_", "-")


@pytest.mark.parametrize("record_type", WITH_PAGES, ids=ids(WITH_PAGES))
def test_a_type_with_pages_has_its_views_templates_and_urls(record_type):
    stem = record_type.stem
    list_view = catalogue.list_view(record_type)
    detail_view = catalogue.detail_view(record_type)

    assert issubclass(list_view, PublicListView) and list_view.model is record_type.model
    assert issubclass(detail_view, PublicDetailView) and detail_view.model is record_type.model
    assert "export_columns" in vars(list_view), "each list declares the columns of its file"
    assert record_type.heading
    get_template(f"registry/{stem}_list.html")
    get_template(f"registry/{stem}_detail.html")
    assert reverse(f"registry:{stem}_list") == f"/{record_type.url_prefix}/"
    assert reverse(f"registry:{stem}_export", kwargs={"fmt": "csv"}).startswith(
        f"/{record_type.url_prefix}/export."
    )


WITHOUT_PAGES = [t for t in TYPES if not t.has_pages]


@pytest.mark.parametrize("record_type", WITHOUT_PAGES, ids=ids(WITHOUT_PAGES))
def test_a_type_without_pages_has_no_urls(record_type):
    with pytest.raises(NoReverseMatch):
        reverse(f"registry:{record_type.stem}_list")


@pytest.mark.parametrize("record_type", WITH_PAGES, ids=ids(WITH_PAGES))
def test_a_type_with_pages_is_in_the_sitemap_and_searched(record_type):
    sitemap = SITEMAPS[record_type.url_prefix]

    assert sitemap.model is record_type.model
    assert f"registry:{record_type.stem}_list" in SITEMAPS["lists"]().items()
    assert record_type in catalogue.searched()
    assert catalogue.filterset(record_type.model).search_fields


def test_the_nav_and_the_home_counts_have_a_label_for_each_type_they_show():
    assert [t.nav_label for t in catalogue.in_nav()] == [
        "Agreements",
        "Calls",
        "Partners",
        "Areas",
        "Facilities",
        "Reviews",
    ]
    assert all(t.count_label for t in catalogue.counted_on_home())


@pytest.mark.parametrize("record_type", IN_API, ids=ids(IN_API))
def test_a_type_in_the_api_has_its_layers_and_route(record_type):
    model = record_type.model
    viewset = catalogue.layer(record_type, "viewset")

    assert viewset.model is model
    assert viewset.filterset_class is catalogue.filterset(model)
    assert viewset.serializer_class is catalogue.layer(record_type, "serializer")
    assert viewset.write_serializer_class is catalogue.layer(record_type, "write_serializer")
    assert viewset.serializer_class.Meta.model is model
    assert catalogue.filterset(model)._meta.model is model
    assert reverse(f"api:{record_type.stem}-list") == f"/api/v1/{record_type.url_prefix}/"


@pytest.mark.parametrize("record_type", catalogue.public(), ids=ids(catalogue.public()))
def test_a_public_type_has_a_dataset_and_a_rule_for_publishing(record_type):
    model = record_type.model
    names = {f.name for f in model._meta.get_fields()}

    assert opendata.RECORD_TYPES[record_type.dataset] is model
    assert "source" in record_type.required_to_publish
    assert set(record_type.required_to_publish) <= names
    assert publishing.REQUIRED_TO_PUBLISH[model] == record_type.required_to_publish


def test_staff_only_types_are_never_published_nor_downloaded_nor_in_the_api():
    staff_only = [t for t in TYPES if t.staff_only]

    assert [t.model for t in staff_only] == [models.ActionItem]
    for record_type in staff_only:
        assert record_type.model in publishing.NEVER_PUBLISHED
        assert record_type.model not in opendata.RECORD_TYPES.values()
        assert record_type not in IN_API and not record_type.has_pages


@pytest.mark.parametrize("record_type", TYPES, ids=ids(TYPES))
def test_every_type_has_staff_permissions_in_the_roles(record_type):
    granted = roles.ROLES[roles.VIEWER]

    assert f"view_{record_type.model_name}" in granted
    assert (record_type.model_name in roles.REVIEW_MODELS) == record_type.secretariat


def test_choice_fields_that_share_a_name_have_named_enums_in_the_schema():
    """drf-spectacular names an enum after its field: two "status" fields with different
    choices need ENUM_NAME_OVERRIDES, or the schema gets names like Status0c3Enum."""
    overrides = set(settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].values())
    classes = list(_choice_classes())
    by_name = {}
    for record_type in IN_API:
        for field in record_type.model._meta.get_fields():
            if isinstance(field, dj_models.Field) and field.choices:
                found = [c for c in classes if c.choices == list(field.choices)]
                by_name.setdefault(field.name, set()).update(found)
    shared = {c for found in by_name.values() if len(found) > 1 for c in found}

    assert shared, "the registry has several status, kind and mode fields"
    assert {f"registry.models.{c.__qualname__}" for c in shared} <= overrides


def _choice_classes():
    for model in apps.get_app_config("registry").get_models():
        for value in vars(model).values():
            if isinstance(value, type) and issubclass(value, dj_models.Choices):
                yield value


def test_the_public_page_tests_cover_every_type_with_pages():
    stems = set(ids(WITH_PAGES))

    assert set(test_public_pages.KINDS) == stems
    assert set(test_public_pages.LIST_QUERIES) == stems
    assert set(test_public_pages.CACHED_LIST_QUERIES) == stems


@pytest.mark.parametrize("record_type", TYPES, ids=ids(TYPES))
def test_every_type_is_kept_in_the_admin(record_type):
    from django.contrib import admin

    from registry.admin.base import RecordAdmin

    assert isinstance(admin.site._registry.get(record_type.model), RecordAdmin)
