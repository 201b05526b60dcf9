"""Fuzzing: random and hostile query strings on every public list and detail URL: never a 5xx.

The URLs are discovered from the URL names (`*_list`, `*_detail` in `registry`, `*-list`,
`*-detail` in `api`), so pages added later are fuzzed too. Bounded: FUZZ_EXAMPLES (30) a URL.
"""

import os
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.synthetic import generate

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
PUBLIC_NAMESPACES = {"registry", "api"}
SUFFIXES = ("_list", "_detail", "-list", "-detail")
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "'; DROP TABLE registry_agreement; --",
    "' OR '1'='1",
    '"><script>alert(1)</script>',
    "../../../../etc/passwd",
    "%00",
    "\x00",
    "a\x00b",
    "\ud7ff\ue000",
    "日本語",
    "🙂" * 20,
    "x" * 5000,
    "2024-13-45",
    "0000-00-00",
    "-0001-01-01",
    "__class__",
    "-password",
    "?",
    "&",
    "=",
    "[]",
    "{}",
    "null",
    "true",
]
COMMON_KEYS = ["page", "q", "sort", "format", "page_size", "limit", "offset", "cursor", "o"]


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def public_url_names():
    """(namespace:name, view class, URL kwargs) of each public list and detail URL."""
    found = {}
    for namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace in PUBLIC_NAMESPACES and (pattern.name or "").endswith(SUFFIXES):
            callback = pattern.callback
            view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
            kwargs = list(pattern.pattern.regex.groupindex)
            found.setdefault(f"{namespace}:{pattern.name}", (view, kwargs))
    return sorted((name, view, kwargs) for name, (view, kwargs) in found.items())


URL_NAMES = public_url_names()


def url_for(name, view, kwarg_names):
    """The URL itself for a list; for a detail, the first published record's page."""
    if not kwarg_names:
        return reverse(name)
    model = getattr(view, "model", None) or view.queryset.model
    record = model.objects.published().order_by("pk").first()
    assert record is not None, f"no published {model.__name__} to fuzz {name} with"
    lookup = getattr(view, "lookup_field", None)
    attribute = {getattr(view, "lookup_url_kwarg", None) or lookup: lookup}
    kwargs = {key: getattr(record, attribute.get(key) or key) for key in kwarg_names}
    return reverse(name, kwargs=kwargs)


def filter_keys(view):
    filterset = getattr(view, "filterset_class", None)
    return list(filterset.base_filters) if filterset else []


def values():
    return st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60), st.integers().map(str))


def query_strings(keys):
    key = st.one_of(st.sampled_from(keys + COMMON_KEYS), st.text(min_size=1, max_size=20))
    pairs = st.lists(st.tuples(key, values()), max_size=6)
    encoded = pairs.map(lambda items: urlencode(items, doseq=True))
    # Also raw, badly encoded query strings: the parser must cope, not the view.
    raw = st.text(max_size=80).map(lambda s: quote(s, safe="=&%+;"))
    return st.one_of(encoded, raw, st.sampled_from(["%ZZ", "a=%", "&&=&", "page=%FF%FE"]))


@pytest.fixture
def dataset(db, settings):
    settings.REGISTRY_API_ANON_RATE = "1000000/second"
    generate(60, seed=1)


@pytest.mark.parametrize(("name", "view", "kwarg_names"), URL_NAMES, ids=[n[0] for n in URL_NAMES])
def test_hostile_query_strings_never_cause_a_server_error(name, view, kwarg_names, dataset, client):
    path = url_for(name, view, kwarg_names)
    keys = filter_keys(view)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(query=query_strings(keys))
    def check(query):
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, f"{path}?{query} gave {response.status_code}"

    check()


@pytest.mark.parametrize(
    "path",
    [
        "/agreements/99999999999999999999999999/",
        "/api/v1/agreements/99999999999999999999999999/",
        "/api/v1/agreements/-1/",
        "/api/v1/agreements/%00/",
        "/partners/%E2%80%AE/",
        "/calls/0/",
    ],
)
def test_hostile_detail_keys_are_a_404_not_a_500(path, dataset, client):
    assert client.get(path).status_code in {400, 404}


def test_every_public_model_page_is_fuzzed():
    names = {name for name, _view, _kwargs in URL_NAMES}
    assert {"registry:agreement_list", "registry:agreement_detail"} <= names
    assert len(names) >= 16


# -- search -----------------------------------------------------------------------------

SEARCH_INPUTS = [
    "",
    "a",
    "x" * 1000,
    "quantam " * 150,
    "अनुसंधान सहयोग",
    "क्वांटम",
    "日本語 🙂",
    "\u0301\u200d\u202e",
    ".*+?^${}()|[]\\",
    "%_%",
    "' OR 1=1 --",
    "a\x00b",
    "\x00",
    '"><script>alert(1)</script>',
    "<mark>",
    "&amp;",
]
SEARCH_KEYS = ["q", "type", "partner", "year", "exact", "columns", "page"]


@pytest.mark.parametrize("text", SEARCH_INPUTS)
@pytest.mark.parametrize("path", ["/search/", "/search/export.csv", "/search/export.json"])
def test_hostile_search_words_never_cause_a_server_error(text, path, dataset, client):
    response = client.get(path, {"q": text})
    assert response.status_code in {200, 400}, (text, response.status_code)
    if path == "/search/" and response.status_code == 200:
        assert "<script>alert(1)" not in response.content.decode()


def test_hostile_search_query_strings_never_cause_a_server_error(dataset, client):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(query=query_strings(SEARCH_KEYS))
    def check(query):
        for path in ("/search/", "/search/export.csv"):
            response = client.get(f"{path}?{query}")
            assert response.status_code < 500, f"{path}?{query} gave {response.status_code}"

    check()
