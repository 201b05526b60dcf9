"""API lists are cached whole per data version and address, and their totals per filter, for
readers who see no drafts; what they answer is byte for byte what the API answers afresh."""

import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.test import Client

from registry import catalogue
from tests import factories

pytestmark = pytest.mark.django_db

ENDPOINTS = catalogue.endpoints()
MAKERS = {prefix: factories.MAKERS[viewset.model] for prefix, viewset in ENDPOINTS.items()}
FRESH = {"HTTP_CACHE_CONTROL": "no-cache"}


def headers(response) -> dict:
    return dict(response.headers)


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_a_cached_list_is_the_fresh_list_byte_for_byte(client, prefix, django_assert_num_queries):
    for _ in range(3):
        MAKERS[prefix]()
    url = f"/api/v1/{prefix}/?page_size=2"
    first = client.get(url)
    with django_assert_num_queries(0):  # the version is this test's own: no read
        cached = client.get(url)
    fresh = client.get(url, **FRESH)
    assert first.status_code == cached.status_code == fresh.status_code == 200
    assert cached.content == fresh.content == first.content
    assert headers(cached) == headers(fresh) == headers(first)
    assert cached.json()["count"] == 3


def test_a_published_change_shows_at_once(client):
    agreement = factories.make_agreement(title="Soon unpublished")
    url = "/api/v1/agreements/"
    assert client.get(url).json()["count"] == 1
    agreement.is_published = False
    agreement.save()
    assert client.get(url).json()["count"] == 0


def test_staff_who_see_drafts_are_never_served_the_public_list_nor_the_public_theirs(
    client, superuser
):
    factories.make_agreement(title="Published")
    factories.make_agreement(title="Draft", is_published=False)
    url = "/api/v1/agreements/"
    public = Client()
    assert public.get(url).json()["count"] == 1  # cached for the public
    client.force_login(superuser)
    assert client.get(url).json()["count"] == 2
    assert client.get(url).json()["count"] == 2
    assert public.get(url).json()["count"] == 1


def test_each_media_type_has_its_own_entry(client):
    factories.make_area()
    url = "/api/v1/areas/"
    plain = client.get(url).content
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)  # a key any cache backend accepts
        indented = client.get(url, HTTP_ACCEPT="application/json; indent=4").content
    assert b"\n    " in indented
    assert client.get(url).content == plain


def test_another_page_of_the_same_filter_reuses_the_total(client, django_assert_num_queries):
    for _ in range(3):
        factories.make_area()
    client.get("/api/v1/areas/?page_size=2")
    with django_assert_num_queries(1):  # the page's rows; the COUNT is cached
        second = client.get("/api/v1/areas/?page_size=2&page=2")
    assert second.json()["count"] == 3
    with django_assert_num_queries(1):  # another filter: its own COUNT (no rows to read)
        assert client.get("/api/v1/areas/?q=nothing-like-it").json()["count"] == 0


def test_cached_hits_count_towards_the_throttle(client, settings):
    settings.REGISTRY_API_ANON_RATE = "3/minute"
    url = "/api/v1/areas/"
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_without_a_cache_every_list_is_fresh(client, settings, django_assert_num_queries):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    factories.make_area()
    for _ in range(2):
        with django_assert_num_queries(2):
            assert client.get("/api/v1/areas/").json()["count"] == 1
