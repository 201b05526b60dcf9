"""Whole public pages are cached for anonymous readers until a record changes."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from registry.caching import data_version
from registry.views.page_cache import HEADER, PLACEHOLDER
from tests import factories as f

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def token_in(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


def page_urls(agreement):
    return [
        reverse("registry:home"),
        reverse("registry:agreement_list"),
        reverse("registry:agreement_list") + "?status=in_force&sort=title",
        agreement.get_absolute_url(),
        agreement.partners.first().get_absolute_url(),
        reverse("registry:search") + "?q=Agreement",
    ]


def test_a_second_anonymous_request_is_served_without_a_query(client, django_assert_num_queries):
    agreement = f.make_agreement(title="Indo-German science MoU")
    for url in page_urls(agreement):
        first = client.get(url)
        assert (first.status_code, first[HEADER]) == (200, "miss"), url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert (second.status_code, second[HEADER]) == (200, "hit"), url
        blank = TOKEN.sub("", first.content.decode())
        assert TOKEN.sub("", second.content.decode()) == blank


def test_every_reader_gets_a_working_csrf_token_of_their_own():
    f.make_agreement()
    url = reverse("registry:agreement_list")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(url)
    response = second.get(url)
    assert response[HEADER] == "hit"
    token = token_in(response)
    assert PLACEHOLDER not in response.content.decode()
    assert settings.CSRF_COOKIE_NAME in response.cookies
    switched = second.post(
        reverse("set_language"), {"language": "hi", "next": url, "csrfmiddlewaretoken": token}
    )
    assert (switched.status_code, switched["Location"]) == (302, "/hi" + url)
    assert second.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"


def test_publishing_and_unpublishing_show_at_once(client):
    shown = f.make_agreement(title="Shown agreement")
    draft = f.make_agreement(title="Draft agreement", is_published=False)
    url = reverse("registry:agreement_list")
    assert "Draft agreement" not in client.get(url).content.decode()
    draft.is_published = True
    draft.save()
    assert "Draft agreement" in client.get(url).content.decode()
    detail = shown.get_absolute_url()
    assert client.get(detail).status_code == 200
    shown.is_published = False
    shown.save()
    assert "Shown agreement" not in client.get(url).content.decode()
    assert client.get(detail).status_code == 404


def test_each_language_has_its_own_page(client):
    f.make_agreement()
    url = reverse("registry:agreement_list")
    assert '<html lang="en"' in client.get(url).content.decode()
    response = client.get("/hi" + url)
    assert response[HEADER] == "miss"
    assert '<html lang="hi"' in response.content.decode()
    # A reader who chose Hindi is sent there from the English address, never served its copy.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    redirected = client.get(url)
    assert (redirected.status_code, redirected["Location"]) == (302, "/hi" + url)
    assert HEADER not in redirected


@pytest.mark.parametrize("query", ["?status=nonsense", "?page=999", "?page=x"])
def test_error_pages_are_never_cached(client, query):
    f.make_agreement()
    url = reverse("registry:agreement_list") + query
    first, second = client.get(url), client.get(url)
    assert first.status_code in (400, 404)
    assert second.status_code == first.status_code
    assert HEADER not in second


def test_staff_and_no_cache_requests_bypass_the_cache(client):
    f.make_agreement()
    url = reverse("registry:agreement_list")
    client.get(url)
    assert client.get(url, HTTP_CACHE_CONTROL="no-cache").get(HEADER) is None
    staff = User.objects.create_user("editor", is_staff=True)
    client.force_login(staff)
    assert client.get(url).get(HEADER) is None


def test_a_zero_timeout_turns_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    f.make_agreement()
    url = reverse("registry:agreement_list")
    client.get(url)
    assert client.get(url).get(HEADER) is None


def test_the_data_version_changes_again_when_the_save_commits(
    client, django_capture_on_commit_callbacks
):
    """A page rendered between a save and its commit (elsewhere: from the old rows) is cached
    under the version the save made; the commit must retire that version too."""
    agreement = f.make_agreement()
    url = reverse("registry:agreement_list")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        agreement.is_published = False
        agreement.save()
        assert client.get(url)[HEADER] == "miss"  # cached under the save's version
        during = data_version()
    assert data_version() != during
    assert client.get(url)[HEADER] == "miss"


def test_without_a_cache_every_page_is_rendered_fresh(client, settings):
    """CACHE_URL=dummy:// is a documented setting: no data version, nothing cached, no 500."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    agreement = f.make_agreement()
    for url in page_urls(agreement):
        response = client.get(url)
        assert response.status_code == 200, url
        assert HEADER not in response


def test_the_charts_page_is_cached_too(client, django_assert_num_queries):
    f.make_agreement()
    url = reverse("registry:charts")
    assert client.get(url)[HEADER] == "miss"
    with django_assert_num_queries(0):
        assert client.get(url)[HEADER] == "hit"


def test_a_change_rolled_back_leaves_the_version_and_nothing_cached_during_it(client):
    agreement = f.make_agreement(title="Kept agreement")
    url = reverse("registry:agreement_list")
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        agreement.is_published = False
        agreement.save()
        assert client.get(url)[HEADER] == "miss"  # cached from the uncommitted rows
        raise RuntimeError("the change is abandoned")
    assert data_version() == before
    response = client.get(url)
    assert "Kept agreement" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_cached_page_costs_one_query_the_shared_data_version(client, django_assert_num_queries):
    """Committed data, as in production: a hit reads the data version from the database (so
    that a change made by any process is seen at once), and nothing else."""
    agreement = f.make_agreement()
    url = agreement.get_absolute_url()
    assert client.get(url)[HEADER] == "miss"
    with django_assert_num_queries(1):
        assert client.get(url)[HEADER] == "hit"
    agreement.is_published = False
    agreement.save()  # committed at once: no transaction is open
    assert client.get(url).status_code == 404
