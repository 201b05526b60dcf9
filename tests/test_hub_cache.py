"""The partner hub's body is rendered once per data version and language, for the readers the
whole-page cache does not serve (`Cache-Control: no-cache`, staff): registry/views/details.py.
Never stale after a change, never a draft, one body per language, and the page around it (the
language form's CSRF token) still each reader's own."""

import re

import lxml.html
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registry import models
from registry.caching import data_changed
from tests import factories as f
from tests.helpers import get_counting_queries, reverse_in

pytestmark = pytest.mark.django_db

FRESH = {"HTTP_CACHE_CONTROL": "no-cache"}


def fresh(client, url) -> str:
    response = client.get(url, **FRESH)
    assert response.status_code == 200, url
    return response.content.decode()


def hub_text(client, partner) -> str:
    """The hub's body as a reader sees it: the text of the page's article, without its header."""
    document = lxml.html.fromstring(fresh(client, partner.get_absolute_url()))
    (article,) = document.xpath("//main//article")
    for header in article.xpath("./header"):
        article.remove(header)
    return article.text_content()


def busy_partner():
    """A partner with one record of each kind the hub lists."""
    partner = f.make_partner(name="Chile", slug="chile")
    agreement = f.make_agreement(partners=[partner], title="Andes pact")
    call = f.make_call(partners=[partner], title="Atacama call")
    group = f.make_group(partners=[partner], name="India-Chile JWG")
    review = f.make_review(group=group, place="Santiago")
    project = f.make_project(partners=[partner], title="Telescope project")
    engagement = f.make_engagement(partner=partner, activity="Glacier survey", area=None)
    return partner, {
        "agreement": agreement,
        "call": call,
        "group": group,
        "review": review,
        "project": project,
        "engagement": engagement,
    }


def save(record, **fields):
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


def publish_a_draft_agreement(partner, records):
    draft = f.make_agreement(partners=[partner], title="Late pact", is_published=False)
    save(draft, is_published=True)


# (what changes, the change, text shown before and gone after, text shown after). The
# records are made first, so the hub is cached with the record as it was before the change.
CHANGES = {
    "agreement retitled": (
        lambda p, r: save(r["agreement"], title="Patagonia pact"),
        "Andes pact",
        "Patagonia pact",
    ),
    "agreement unpublished": (
        lambda p, r: save(r["agreement"], is_published=False),
        "Andes pact",
        "No agreement with this partner is published.",
    ),
    "agreement published": (publish_a_draft_agreement, "Agreements (1)", "Late pact"),
    "call retitled": (
        lambda p, r: save(r["call"], title="Pacific call"),
        "Atacama call",
        "Pacific call",
    ),
    "call unpublished": (
        lambda p, r: save(r["call"], is_published=False),
        "Atacama call",
        "No joint call with this partner is published.",
    ),
    "meeting moved": (
        lambda p, r: save(r["review"], place="Valparaíso"),
        "Santiago",
        "Valparaíso",
    ),
    "working group renamed": (
        lambda p, r: save(r["group"], name="India-Chile Joint Committee"),
        "India-Chile JWG",
        "India-Chile Joint Committee",
    ),
    "project retitled": (
        lambda p, r: save(r["project"], title="Radio project"),
        "Telescope project",
        "Radio project",
    ),
    "project unlinked": (
        lambda p, r: r["project"].partners.remove(p),
        "Telescope project",
        "No joint R&D project with this partner is published.",
    ),
    "engagement changed": (
        lambda p, r: save(r["engagement"], activity="Ocean survey"),
        "Glacier survey",
        "Ocean survey",
    ),
    "partner renamed": (
        lambda p, r: save(p, name="República de Chile"),
        "Agreements with Chile",
        "Agreements with República de Chile",
    ),
    "forum joined": (
        lambda p, r: f.make_partner(name="Pacific Alliance", kind="forum").members.add(p),
        "",
        "Pacific Alliance",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_any_related_record_shows_on_the_next_fresh_hub(client, change):
    partner, records = busy_partner()
    mutate, before, after = CHANGES[change]
    assert before in hub_text(client, partner)
    assert after not in hub_text(client, partner)  # the second: from the cached body
    mutate(partner, records)
    partner.refresh_from_db()
    text = hub_text(client, partner)
    assert after in text
    if before and before not in after:
        assert before not in text


def test_the_body_is_cached_until_the_data_version_changes(client):
    """A write that sends no signal (a queryset update()) leaves the cached body in use;
    `data_changed()` retires it, as registry/caching.py asks of such writes. (A call: the
    agreements' rows have a cache of their own, keyed on each row's `updated_at`.)"""
    partner, records = busy_partner()
    assert "Atacama call" in hub_text(client, partner)
    models.JointCall.objects.filter(pk=records["call"].pk).update(title="Silent call")
    assert "Atacama call" in hub_text(client, partner)
    data_changed()
    text = hub_text(client, partner)
    assert "Silent call" in text and "Atacama call" not in text


DRAFTS = {
    "agreement": lambda p: f.make_agreement(partners=[p], title="Draft pact", is_published=False),
    "call": lambda p: f.make_call(partners=[p], title="Draft call", is_published=False),
    "project": lambda p: f.make_project(partners=[p], title="Draft project", is_published=False),
    "review": lambda p: f.make_review(
        group=f.make_group(partners=[p]), place="Draft place", is_published=False
    ),
    "group": lambda p: f.make_group(partners=[p], name="Draft group", is_published=False),
    "engagement": lambda p: f.make_engagement(
        partner=p, activity="Draft activity", area=None, is_published=False
    ),
    "member": lambda p: p.members.add(f.make_partner(name="Draft member", is_published=False)),
}
DRAFT_TEXT = {
    "agreement": "Draft pact",
    "call": "Draft call",
    "project": "Draft project",
    "review": "Draft place",
    "group": "Draft group",
    "engagement": "Draft activity",
    "member": "Draft member",
}


@pytest.mark.parametrize("kind", DRAFTS)
def test_drafts_never_reach_the_public_even_after_staff_viewed_the_hub(client, superuser, kind):
    partner = f.make_partner(name="Peru", kind="forum" if kind == "member" else "country")
    f.make_agreement(partners=[partner], title="Public pact")
    DRAFTS[kind](partner)
    staff = Client()
    staff.force_login(superuser)
    for url in (
        partner.get_absolute_url(),
        reverse_in("hi", "registry:partner_detail", kwargs={"slug": partner.slug}),
    ):
        staff_html = fresh(staff, url)
        assert DRAFT_TEXT[kind] not in staff_html  # the public page, for staff too
        public = fresh(client, url)
        assert "Public pact" in public and DRAFT_TEXT[kind] not in public
        assert DRAFT_TEXT[kind] not in client.get(url).content.decode()  # the page cache too


def test_english_and_hindi_bodies_are_distinct(client):
    partner, _ = busy_partner()
    english_url = partner.get_absolute_url()
    english = fresh(client, english_url)
    hindi_url = reverse_in("hi", "registry:partner_detail", kwargs={"slug": partner.slug})
    for _ in range(2):  # cold, then from the cached Hindi body
        hindi = fresh(client, hindi_url)
        with translation.override("hi"):
            assert translation.gettext("On this page") in hindi
            agreements_url = reverse("registry:agreement_list")
        assert agreements_url.startswith("/hi/") and f'href="{agreements_url}?partner=' in hindi
        assert "On this page" not in hindi
    assert "On this page" in english
    assert without_tokens(fresh(client, english_url)) == without_tokens(english)
    assert 'href="/agreements/?partner=' in english and "/hi/" not in english.split("<main")[1]


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def language_form(html: str):
    document = lxml.html.fromstring(html)
    (form,) = document.xpath("//form[contains(@class, 'language-switcher')]")
    return form


def submission(form, language: str) -> dict:
    data = {i.name: i.value for i in form.xpath(".//input[@type='hidden']")}
    (select,) = form.xpath(".//select")
    assert language in select.value_options
    data[select.name] = language
    return data


def test_each_reader_gets_a_working_csrf_token_of_their_own():
    partner, _ = busy_partner()
    url = partner.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_form = language_form(fresh(first, url))
    second_form = language_form(fresh(second, url))  # the body from the cache
    assert settings.CSRF_COOKIE_NAME in second.cookies
    # Another reader's token is refused with this reader's cookie: each token is its reader's.
    refused = second.post(first_form.action, submission(first_form, "hi"))
    assert refused.status_code == 403
    for client, form in ((first, first_form), (second, second_form)):
        switched = client.post(form.action, submission(form, "hi"))
        assert (switched.status_code, switched["Location"]) == (302, "/hi" + url)
        assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"


@pytest.mark.django_db(transaction=True)
def test_a_warm_fresh_hub_reads_the_version_and_the_partner_only(client, django_assert_num_queries):
    """Outside a test's transaction, as a reader's request runs: the version is read from
    the database (inside one, the transaction's own token is used, registry/caching.py)."""
    partner, _ = busy_partner()
    url = partner.get_absolute_url()
    _response, cold = get_counting_queries(client, url, **FRESH)
    assert cold > 10
    with django_assert_num_queries(2):  # the data version's token; the partner
        warm = client.get(url, **FRESH)
    assert warm.status_code == 200 and "Andes pact" in warm.content.decode()


def test_without_a_cache_the_hub_is_rendered_each_time(client, settings):
    partner, records = busy_partner()
    url = partner.get_absolute_url()
    cached_text = hub_text(client, partner)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert hub_text(client, partner) == cached_text
    assert hub_text(client, partner) == cached_text
    models.JointCall.objects.filter(pk=records["call"].pk).update(title="Silent call")
    assert "Silent call" in hub_text(client, partner)  # nothing cached, no version needed
    _response, first = get_counting_queries(client, url, **FRESH)
    _response, second = get_counting_queries(client, url, **FRESH)
    assert first == second > 2
