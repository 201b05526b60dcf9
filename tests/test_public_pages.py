"""The public pages: every list and record page, the partner hub, search, errors.

Generic checks run over KINDS, one row per public page type (NetBox style).
"""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from registry import models
from registry.views.errors import server_error
from tests import factories as f
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db


def build_agreement():
    agreement = f.make_agreement(indian_agency=f.make_agency())
    agreement.areas.add(f.make_area())
    return agreement


def build_call():
    call = f.make_call()
    call.areas.add(f.make_area())
    call.agencies.add(f.make_agency())
    return call


def build_partner():
    partner = f.make_partner()
    f.make_agreement(partners=[partner])
    f.make_engagement(partner=partner)
    return partner


def build_area():
    area = f.make_area()
    f.make_engagement(area=area)
    return area


def build_facility():
    facility = f.make_facility()
    facility.host_partners.add(f.make_partner())
    f.make_membership(facility=facility, nodal_agency=f.make_agency())
    return facility


def build_group():
    group = f.make_group()
    f.make_review(group=group)
    return group


def build_agency():
    agency = f.make_agency(parent=f.make_agency())
    f.make_agreement(indian_agency=agency)
    return agency


def build_project():
    project = f.make_project(indian_institution=f.make_agency())
    project.areas.add(f.make_area())
    f.make_result(project=project)
    return project


# URL name stem, model, builder of one published record with its relations.
KINDS = {
    "agreement": (models.Agreement, build_agreement),
    "call": (models.JointCall, build_call),
    "partner": (models.Partner, build_partner),
    "area": (models.ResearchArea, build_area),
    "facility": (models.Facility, build_facility),
    "review": (models.JWGReview, f.make_review),
    "working_group": (models.JointWorkingGroup, build_group),
    "agency": (models.Agency, build_agency),
    "project": (models.Project, build_project),
}

# Queries of each list page, whatever the number of records. Common to all: the count for
# the paginator and the page of records, one per prefetched relation, one per choice filter
# with counts beside its options, and two per related-record filter (its options and their
# counts; one when it goes through engagements or memberships, which get no counts).
# A list's first request after a change; pages come in two steps (page ids, then the rows).
LIST_QUERIES = {
    # count, ids, rows, partners, areas, one GROUP BY for the facets on the agreement's own
    # columns (status, instrument, agency), partner x 2, area x 2, the agency option list
    # ("x 2": a related filter's option counts and its option list)
    "agreement": 11,
    "call": 13,  # count, ids, rows, partners, areas, agencies, status counts, 3 x 2
    # count, ids, rows (with counts), kind counts, forum x 2, area x 2, map x 5 (its partners,
    # a GROUP BY for each of its three counts, whether samples are among them)
    "partner": 13,
    "area": 5,  # count, ids, rows (with counts), partner x 2
    "facility": 10,  # count, ids, rows, hosts, memberships, kind counts, host x 2, agency x 2
    "review": 11,  # count, ids, rows (with group), group partners, status counts, partner x 2,
    # and the review schedule (group dues, groups, their partners, cadenced agreements)
    "working_group": 6,  # count, ids, rows (with last meeting and counts), partners, partner x 2
    # count, ids, rows (with parent and counts), kind and parent counts (one GROUP BY), the
    # parent option list
    "agency": 5,
    # count, ids, rows (call, institution, counts), partners, areas, status and institution
    # counts (one GROUP BY), partner x 2, area x 2, the institution option list
    "project": 11,
}
# The next requests without the whole-page cache (Cache-Control: no-cache): the total, facet
# counts and option lists come from the cache. With the page cache, a repeat costs 0.
CACHED_LIST_QUERIES = {
    "agreement": 2,  # ids, the rows' versions (rows cached: tests/test_row_cache.py)
    "call": 5,  # ids, rows, partners, areas, agencies
    "partner": 2,  # ids, rows
    "area": 2,  # ids, rows
    "facility": 4,  # ids, rows, hosts, memberships
    "review": 3,  # ids, rows, group partners
    "working_group": 3,  # ids, rows, partners
    "agency": 2,  # ids, rows
    "project": 4,  # ids, rows, partners, areas
}


def count_queries(client, url, **headers):
    return get_counting_queries(client, url, **headers)[1]


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_page_shows_its_published_records(client, kind):
    model, build = KINDS[kind]
    record = build()
    response = client.get(reverse(f"registry:{kind}_list"))
    assert response.status_code == 200
    assert record.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_list_queries_do_not_grow_with_the_number_of_records(client, kind):
    model, build = KINDS[kind]
    url = reverse(f"registry:{kind}_list")
    for _ in range(2):
        build()
    few = count_queries(client, url)
    for _ in range(4):
        build()
    many = count_queries(client, url)
    assert few == many
    assert many == LIST_QUERIES[kind]
    fresh = count_queries(client, url, HTTP_CACHE_CONTROL="no-cache")
    assert fresh == CACHED_LIST_QUERIES[kind]
    assert count_queries(client, url) == 0


@pytest.mark.parametrize("kind", KINDS)
def test_every_record_page_shows_the_record_and_its_provenance(client, kind):
    model, build = KINDS[kind]
    record = build()
    model.objects.filter(pk=record.pk).update(
        source="PIB release 2085957", source_url="https://pib.gov.in/x"
    )
    response = client.get(record.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "PIB release 2085957" in html and 'href="https://pib.gov.in/x"' in html
    assert "Not yet verified" in html
    assert "Last updated" in html
    assert f'<link rel="canonical" href="http://testserver{record.get_absolute_url()}">' in html


@pytest.mark.parametrize("kind", KINDS)
def test_record_pages_show_the_verification_date_when_there_is_one(client, kind):
    model, build = KINDS[kind]
    record = build()
    model.objects.filter(pk=record.pk).update(last_verified=datetime.date(2025, 3, 4))
    html = client.get(record.get_absolute_url()).content.decode()
    assert "4 March 2025" in html
    assert "Not yet verified" not in html


@pytest.mark.parametrize("kind", KINDS)
def test_sample_records_carry_a_visible_badge_in_lists_and_pages(client, kind):
    model, build = KINDS[kind]
    record = build()
    model.objects.filter(pk=record.pk).update(is_sample=True)
    for url in (reverse(f"registry:{kind}_list"), record.get_absolute_url()):
        assert 'class="badge badge-sample"' in client.get(url).content.decode(), url


@pytest.mark.parametrize("kind", KINDS)
def test_it_hides_drafts_from_the_public(client, kind):
    model, build = KINDS[kind]
    draft = build()
    model.objects.filter(pk=draft.pk).update(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    listing = client.get(reverse(f"registry:{kind}_list")).content.decode()
    assert draft.get_absolute_url() not in listing


# Detail pages whose related lists could grow: add one more related set of records.
def grow_partner(partner):
    f.make_agreement(partners=[partner])
    f.make_call(partners=[partner])
    f.make_engagement(partner=partner)
    group = f.make_group(partners=[partner])
    f.make_review(group=group)
    facility = f.make_facility()
    facility.host_partners.add(partner)
    f.make_membership(facility=facility)
    f.make_result(project=f.make_project(partners=[partner]))


def grow_agreement(agreement):
    agreement.partners.add(f.make_partner())
    agreement.areas.add(f.make_area())
    group = f.make_group()
    group.agreements.add(agreement)
    review = f.make_review(group=group)
    call = f.make_call(agreement=agreement, review=review)
    f.make_result(project=f.make_project(call=call))
    f.make_agreement(supersedes=agreement)
    f.make_membership(agreement=agreement)
    models.AgreementParty.objects.create(agreement=agreement, partner=f.make_partner())


def grow_area(area):
    f.make_engagement(area=area)
    f.make_agreement().areas.add(area)
    f.make_call().areas.add(area)
    project = f.make_project()
    project.areas.add(area)
    f.make_result(project=project)


def grow_agency(agency):
    f.make_agreement(indian_agency=agency)
    f.make_call().agencies.add(agency)
    f.make_engagement(indian_agency=agency)
    f.make_membership(nodal_agency=agency)
    f.make_agency(parent=agency)


def grow_group(group):
    group.partners.add(f.make_partner())
    group.agreements.add(f.make_agreement())
    f.make_call(review=f.make_review(group=group))


def grow_facility(facility):
    facility.host_partners.add(f.make_partner())
    f.make_membership(facility=facility, agreement=f.make_agreement())


def grow_call(call):
    call.partners.add(f.make_partner())
    call.areas.add(f.make_area())
    call.agencies.add(f.make_agency())
    f.make_result(project=f.make_project(call=call))


def grow_project(project):
    project.partners.add(f.make_partner())
    project.areas.add(f.make_area())
    f.make_result(project=project)


def grow_review(review):
    review.group.partners.add(f.make_partner())
    f.make_call(review=review)


GROW = {
    "partner": grow_partner,
    "agreement": grow_agreement,
    "area": grow_area,
    "agency": grow_agency,
    "working_group": grow_group,
    "facility": grow_facility,
    "call": grow_call,
    "review": grow_review,
    "project": grow_project,
}


@pytest.mark.parametrize("kind", KINDS)
def test_record_page_queries_do_not_grow_with_related_records(client, kind):
    model, build = KINDS[kind]
    record = build()
    GROW[kind](record)
    few = count_queries(client, record.get_absolute_url())
    for _ in range(3):
        GROW[kind](record)
    many = count_queries(client, record.get_absolute_url())
    assert few == many
    assert many == DETAIL_QUERIES[kind]


# Queries of each record page, however many related records it lists.
DETAIL_QUERIES = {
    # agreement (with agency, supersedes, amends), partners, areas, superseded by, amendments,
    # groups, their meetings, the meetings' calls, calls, facility memberships; the calls'
    # projects (with institution), their results; results counted by kind; parties (with
    # their partners), its last activity and whether it is dormant; the JSON-LD's links, read
    # through the API serializer (registry/jsonld.py)
    "agreement": 18,
    # call (with agreement, review, group), partners, areas, agencies; projects (with
    # institution), their results; results counted by kind; the JSON-LD's partners, areas,
    # agencies (through the API serializer)
    "call": 10,
    # partner, members, forums, aliases; the latest 20 agreements (+partners); calls
    # (+partners, areas); engagements; memberships; groups; meetings (+partners); projects
    # (+partners); results counted by kind. A total is counted only when a section has more
    # than 20 (not here). The JSON-LD's members. (The version's token is the transaction's
    # own here; a warm hub is 2 queries, tests/test_hub_cache.py.)
    "partner": 18,
    # area; engagements; the latest 20 agreements (+partners, areas); the latest 20 calls
    # (+partners, areas, agencies); projects (+partners, areas); results counted by kind.
    # Totals only past 20.
    "area": 13,
    # facility, hosts, memberships (with agency and agreement); two for the JSON-LD's links
    # (read through the API serializer)
    "facility": 5,
    "review": 3,  # meeting (with group), group partners, calls
    # group (with last meeting), partners, agreements, meetings, their calls; the JSON-LD's
    # partners and agreements (through the API serializer)
    "working_group": 7,
    # agency (with parent), units; the latest 20 agreements (+partners, areas); the latest 20
    # calls (+partners, areas, agencies); engagements; memberships. Totals only past 20.
    "agency": 11,
    # project (with call, agreement, institution), partners, areas, results; the JSON-LD's
    # partners and areas (through the API serializer)
    "project": 6,
}


def test_partner_hub_gathers_everything_with_the_partner(client):
    partner = f.make_partner(name="France", slug="france", iso_code="FR")
    agreement = f.make_agreement(partners=[partner], title="Science agreement")
    call = f.make_call(partners=[partner], title="Indo-French call")
    engagement = f.make_engagement(partner=partner, area=f.make_area(name="Astronomy"))
    group = f.make_group(partners=[partner], name="India-France JWG")
    review = f.make_review(group=group, place="Paris")
    facility = f.make_facility(short_name="ILL")
    facility.host_partners.add(partner)
    f.make_membership(facility=facility)
    html = client.get(partner.get_absolute_url()).content.decode()
    for expected in (
        agreement.get_absolute_url(),
        call.get_absolute_url(),
        engagement.area.get_absolute_url(),
        group.get_absolute_url(),
        review.get_absolute_url(),
        facility.get_absolute_url(),
        reverse("registry:partner_calendar", kwargs={"slug": "france"}),
    ):
        assert expected in html


def test_partner_hub_leaves_out_drafts_of_related_records(client):
    partner = f.make_partner()
    draft = f.make_agreement(partners=[partner], title="Secret draft", is_published=False)
    hidden_group = f.make_group(partners=[partner], is_published=False)
    f.make_review(group=hidden_group, place="Nowhere-in-particular")
    html = client.get(partner.get_absolute_url()).content.decode()
    assert draft.title not in html
    assert "Nowhere-in-particular" not in html


def test_agreement_page_shows_its_chain_of_reviews_calls_and_versions(client):
    old = f.make_agreement(title="First programme")
    agreement = f.make_agreement(title="Second programme", supersedes=old)
    group = f.make_group(name="Joint committee")
    group.agreements.add(agreement)
    review = f.make_review(group=group, outcomes="Agreed to launch a call on water.")
    call = f.make_call(agreement=agreement, review=review, title="Water call")
    html = client.get(agreement.get_absolute_url()).content.decode()
    for expected in (old.get_absolute_url(), group.get_absolute_url(), "launch a call on water"):
        assert expected in html
    assert html.count(call.get_absolute_url()) >= 2  # after the meeting and under the agreement
    assert agreement.get_absolute_url() in client.get(old.get_absolute_url()).content.decode()


@pytest.mark.parametrize("page", ["agreement", "group"])
def test_agreement_and_group_pages_list_a_groups_meetings_alike(client, page):
    """One review list on both pages: each meeting with its status, date, sample badge,
    outcomes and the published calls that followed it."""
    agreement = f.make_agreement()
    group = f.make_group()
    group.agreements.add(agreement)
    review = f.make_review(group=group, is_sample=True, outcomes="Agreed on a water call.")
    call = f.make_call(review=review, title="Water call")
    draft = f.make_call(review=review, title="Draft call", is_published=False)
    record = agreement if page == "agreement" else group
    html = client.get(record.get_absolute_url()).content.decode()
    chain = html[html.index('id="chain-heading"') :] if page == "agreement" else html
    entry = chain.split(f'<a href="{review.get_absolute_url()}">', 1)[1].split("</li>", 1)[0]
    for expected in (review.get_status_display(), review.date_display, "badge-sample"):
        assert expected in entry
    assert "Agreed on a water call." in entry
    assert f'Calls that followed: <a href="{call.get_absolute_url()}">Water call</a>' in entry
    assert draft.get_absolute_url() not in html


def test_agreement_page_hides_a_draft_successor(client):
    agreement = f.make_agreement()
    successor = f.make_agreement(supersedes=agreement, is_published=False)
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert successor.get_absolute_url() not in html


def test_review_page_shows_outcomes_but_never_action_items(client):
    review = f.make_review(outcomes="Two joint projects approved.")
    f.make_action_item(review=review, description="Ministry to send names", is_published=True)
    html = client.get(review.get_absolute_url()).content.decode()
    assert "Two joint projects approved." in html
    assert "Ministry to send names" not in html


def test_calls_list_puts_open_and_forecast_calls_first(client):
    now = timezone.now()
    closed = f.make_call(
        title="Closed call", status="closed", closes_at=now - datetime.timedelta(days=5)
    )
    forecast = f.make_call(
        title="Forecast call",
        status="forecast",
        opens_at=None,
        closes_at=now + datetime.timedelta(days=90),
    )
    open_call = f.make_call(title="Open call")
    html = client.get(reverse("registry:call_list")).content.decode()
    positions = [html.index(c.get_absolute_url()) for c in (open_call, forecast, closed)]
    assert positions == sorted(positions)
    # The API lists them in the same order.
    rows = client.get(reverse("api:call-list")).json()["results"]
    assert [row["id"] for row in rows] == [open_call.pk, forecast.pk, closed.pk]


def test_home_page_shows_open_calls_recent_agreements_meetings_and_stated_figures(client):
    call = f.make_call(title="Open water call")
    agreement = f.make_agreement(title="Recent MoU", signed_on=datetime.date(2025, 1, 1))
    meeting = f.make_review(
        status="planned", held_on=timezone.localdate() + datetime.timedelta(days=30)
    )
    f.make_figure(label="MoUs in force", value_text="about 80", source="PIB 2085957")
    f.make_figure(label="Hidden figure", is_published=False)
    f.make_call(title="Draft call", is_published=False)
    html = client.get(reverse("registry:home")).content.decode()
    for expected in (
        call.get_absolute_url(),
        agreement.get_absolute_url(),
        meeting.get_absolute_url(),
        "about 80",
        "PIB 2085957",
    ):
        assert expected in html
    assert "Hidden figure" not in html and "Draft call" not in html


def test_home_page_queries_do_not_grow_with_records(client):
    def grow():
        f.make_call()
        f.make_agreement()
        f.make_figure()
        f.make_review(status="planned", held_on=timezone.localdate())

    grow()
    few = count_queries(client, reverse("registry:home"))
    for _ in range(4):
        grow()
    assert count_queries(client, reverse("registry:home")) == few


def test_pagination_keeps_the_filter_in_its_links(client):
    partner = f.make_partner()
    for _ in range(51):
        f.make_agreement(partners=[partner], status="signed")
    html = client.get(reverse("registry:agreement_list") + "?status=signed").content.decode()
    assert "?status=signed&amp;page=2" in html
    page_two = client.get(reverse("registry:agreement_list") + "?status=signed&page=2")
    assert page_two.status_code == 200
    assert "51 agreements: Signed" in page_two.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?status=bogus",
        "?signed_after=notadate",
        "?partner=no-such-partner",
        "?sort=nonsense",
        "?page=abc",
        "?page=999",
        "?page=0",
        "?page=-1",
        "?q=" + "x" * 500,
    ],
)
def test_garbage_filter_values_give_a_message_not_a_server_error(client, query):
    f.make_agreement()
    response = client.get(reverse("registry:agreement_list") + query)
    assert response.status_code in (400, 404)
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_reports_an_unknown_choice_with_a_400(client, kind):
    response = client.get(reverse(f"registry:{kind}_list") + "?sort=bogus&sample=maybe")
    assert response.status_code == 400
    assert "not one of the available choices" in response.content.decode()


def test_empty_list_says_so(client):
    html = client.get(reverse("registry:facility_list")).content.decode()
    assert "No records have been published here yet." in html
    html = client.get(reverse("registry:facility_list") + "?q=nothing").content.decode()
    assert "No records match this filter." in html


def test_list_options_show_how_many_records_have_each_value(client):
    f.make_agreement(status="signed")
    f.make_agreement(status="signed")
    f.make_agreement(status="expired", is_published=False)
    html = client.get(reverse("registry:agreement_list")).content.decode()
    assert "Signed (2)" in html
    # An option that would show nothing is left out (registry/views/facets.py).
    assert "Expired (" not in html


def test_every_filter_field_has_a_label(client):
    html = client.get(reverse("registry:agreement_list")).content.decode()
    for name in ("q", "signed_after", "sort"):
        assert f'<label for="id_{name}"' in html
    for legend in ("Status", "Partner", "Research area", "Indian agency"):
        assert f"<legend>{legend}</legend>" in html


class TestSearch:
    def test_it_finds_records_of_every_type(self, client):
        partner = f.make_partner(name="Wonderland")
        agreement = f.make_agreement(title="Wonderland science MoU")
        area = f.make_area(name="Wonderland studies")
        facility = f.make_facility(name="Wonderland telescope")
        html = client.get(reverse("registry:search") + "?q=wonderland").content.decode()
        for record in (partner, agreement, area, facility):
            assert record.get_absolute_url() in html

    def test_it_never_finds_drafts(self, client):
        draft = f.make_agreement(title="Unannounced treaty", is_published=False)
        html = client.get(reverse("registry:search") + "?q=unannounced").content.decode()
        assert draft.get_absolute_url() not in html
        assert "Nothing published matches" in html

    def test_it_invites_a_query_when_empty(self, client):
        response = client.get(reverse("registry:search"))
        assert response.status_code == 200
        assert "Type a word or two" in response.content.decode()

    def test_an_overlong_query_is_a_400_with_a_message(self, client):
        response = client.get(reverse("registry:search") + "?q=" + "y" * 300)
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()


class TestErrorPages:
    def test_the_404_page_renders_with_the_site_layout(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
        assert 'class="skip-link"' in response.content.decode()

    def test_the_500_page_renders_without_a_request_context(self):
        response = server_error(RequestFactory().get("/"))
        assert response.status_code == 500
        assert "Something went wrong" in response.content.decode()


def test_working_group_page_ignores_a_draft_meeting_when_dating_the_last_one(client):
    group = f.make_group()
    f.make_review(group=group, held_on=datetime.date(2023, 2, 1))
    f.make_review(group=group, held_on=datetime.date(2024, 9, 9), is_published=False)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "1 February 2023" in html
    assert "9 September 2024" not in html
    listing = client.get(reverse("registry:working_group_list")).content.decode()
    assert "9 September 2024" not in listing


def test_search_queries_do_not_grow_with_matches(client):
    # One count per record type searched (9), then the first matches of each type that has
    # any (agreements and partners here), one query per relation among their search fields
    # to explain the hits (agreement partners, partner aliases), and the partner options of
    # the search form = 14 (with projects searched).
    url = reverse("registry:search") + "?q=common"
    f.make_agreement(title="common agreement")
    f.make_partner(name="common partner 0")
    few = count_queries(client, url)
    for n in range(1, 4):
        f.make_agreement(title="common agreement")
        f.make_partner(name=f"common partner {n}")
    assert count_queries(client, url) == few == 14


def test_every_page_renders_with_the_shipped_fixtures(client):
    from django.core.management import call_command

    call_command(
        "loaddata", "fixtures/seed.json", "fixtures/cited_facts.json", "fixtures/demo.json"
    )
    urls = [reverse("registry:home"), reverse("registry:search") + "?q=india"]
    for kind, (model, _build) in KINDS.items():
        urls.append(reverse(f"registry:{kind}_list"))
        urls += [record.get_absolute_url() for record in model.objects.published()]
    assert len(urls) > 100
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_related_filter_options_show_their_counts(client):
    japan = f.make_partner(name="Japan")
    f.make_agreement(partners=[japan])
    f.make_agreement(partners=[japan])
    f.make_agreement(partners=[japan], is_published=False)
    html = client.get(reverse("registry:agreement_list")).content.decode()
    assert f'value="{japan.slug}" id="id_partner_0"> Japan (2)</label>' in html


def test_partners_are_listed_alphabetically_whatever_the_case(client):
    for name in ("BRICS", "Belarus", "bhutan", "Austria"):
        f.make_partner(name=name)
    response = client.get(reverse("registry:partner_list"))
    names = [p.name for p in response.context["object_list"]]
    assert names == ["Austria", "Belarus", "bhutan", "BRICS"]


def test_a_meeting_of_a_draft_group_is_named_without_the_groups_name_everywhere(client):
    secret = "Unannounced Group Xyzzy"
    review = f.make_review(group=f.make_group(name=secret, is_published=False), title="")
    call = f.make_call(review=review)
    urls = [
        review.get_absolute_url(),
        reverse("registry:review_list"),
        reverse("registry:review_export", kwargs={"fmt": "csv"}),
        reverse("registry:calendar"),
        f"/api/v1/reviews/{review.pk}/",
        f"/api/v1/calls/{call.pk}/",
    ]

    pages = {url: client.get(url) for url in urls}

    assert {url: page.status_code for url, page in pages.items()} == dict.fromkeys(urls, 200)
    assert [url for url, page in pages.items() if secret in page.content.decode()] == []
    assert "Joint Working Group meeting – 15 January 2024" in pages[urls[0]].content.decode()
