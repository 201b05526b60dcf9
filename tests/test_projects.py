"""Joint R&D projects and their results: the rules the generic tests do not cover.

Results are summed by kind on the pages of the project's call, agreement, partners and areas;
a draft project (or a draft result) counts nowhere and shows nowhere; the agreement page
reads as a chain from the meetings to the calls, the projects and their results.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry import models
from tests import factories as f

pytestmark = pytest.mark.django_db

Kind = models.ProjectResult.Kind


@pytest.fixture
def chain():
    """An agreement, a call under it, two published projects with results, a draft project
    with a published result, and a draft result of a published project."""
    partner = f.make_partner(name="Atlantis", slug="atlantis")
    area = f.make_area(name="Ocean science", slug="ocean-science")
    agreement = f.make_agreement(partners=[partner], title="Atlantis MoU")
    call = f.make_call(partners=[partner], agreement=agreement, title="Atlantis call")
    first = f.make_project(partners=[partner], call=call, title="Tidal energy project")
    second = f.make_project(partners=[partner], call=call, title="Coral genomics project")
    draft = f.make_project(
        partners=[partner], call=call, title="Zdraft secret project", is_published=False
    )
    for project in (first, second, draft):
        project.areas.add(area)
    f.make_result(project=first, kind=Kind.PUBLICATION, description="Paper one")
    f.make_result(project=first, kind=Kind.PUBLICATION, description="Paper two")
    f.make_result(project=first, kind=Kind.WORKSHOP, description="Workshop one")
    f.make_result(project=second, kind=Kind.PATENT, description="Patent one")
    f.make_result(project=draft, kind=Kind.PATENT, description="Zdraft result of a draft")
    f.make_result(
        project=second, kind=Kind.DATASET, description="Zdraft result", is_published=False
    )
    return {
        "partner": partner,
        "area": area,
        "agreement": agreement,
        "call": call,
        "first": first,
        "second": second,
        "draft": draft,
    }


def counts_on(client, record) -> str:
    html = client.get(record.get_absolute_url()).content.decode()
    start = html.index('class="result-counts"')
    return html[start : html.index("</p>", start)]


@pytest.mark.parametrize("page_of", ["call", "agreement", "partner", "area"])
def test_results_are_summed_by_kind_on_the_pages_of_call_agreement_partner_and_area(
    client, chain, page_of
):
    counts = counts_on(client, chain[page_of])

    assert "4 results recorded" in counts
    assert "Publication: 2" in counts and "Workshop: 1" in counts and "Patent: 1" in counts
    assert "Dataset" not in counts  # the only dataset is a draft


def test_the_counts_by_kind_come_in_the_order_of_the_kinds(chain):
    counts = models.ProjectResult.objects.counts_by_kind(call=chain["call"])

    assert counts == [
        ("publication", "Publication", 2),
        ("patent", "Patent", 1),
        ("workshop", "Workshop", 1),
    ]


def test_a_result_of_a_project_with_two_matching_partners_counts_once(client, chain):
    other = f.make_partner()
    chain["first"].partners.add(other)
    chain["second"].partners.add(other)

    counts = models.ProjectResult.objects.counts_by_kind(partners__in=[chain["partner"], other])

    assert sum(n for _kind, _label, n in counts) == 4


def test_a_project_under_a_draft_call_does_not_count_for_the_agreement(client, chain):
    models.JointCall.objects.filter(pk=chain["call"].pk).update(is_published=False)

    html = client.get(chain["agreement"].get_absolute_url()).content.decode()

    assert "Tidal energy project" not in html and "results recorded" not in html


def test_a_call_says_how_many_projects_are_recorded_and_how_many_its_source_states(client, chain):
    models.JointCall.objects.filter(pk=chain["call"].pk).update(projects_funded=12)

    html = client.get(chain["call"].get_absolute_url()).content.decode()

    assert "2 projects recorded here" in html
    assert "stated: 12 funded (source)" in html


def test_a_call_with_only_a_stated_number_says_none_is_recorded(client):
    call = f.make_call(projects_funded=5)

    html = client.get(call.get_absolute_url()).content.decode()

    assert "0 projects recorded here" in html and "stated: 5 funded (source)" in html
    assert "The source states 5 projects funded; none is recorded here yet." in html


def public_surfaces(client, chain) -> dict[str, str]:
    pages = {
        name: client.get(chain[name].get_absolute_url()).content.decode()
        for name in ("call", "agreement", "partner", "area", "first")
    }
    return {
        **pages,
        "list": client.get(reverse("registry:project_list")).content.decode(),
        "filtered list": client.get(
            reverse("registry:project_list"), {"call": chain["call"].pk}
        ).content.decode(),
        "export": client.get(reverse("registry:project_export", kwargs={"fmt": "csv"}))
        .getvalue()
        .decode(),
        "search": client.get(reverse("registry:search"), {"q": "secret"}).content.decode(),
        "api projects": client.get("/api/v1/projects/").content.decode(),
        "api results": client.get("/api/v1/project-results/").content.decode(),
        "sitemap": client.get(reverse("sitemap")).content.decode(),
        "open data": client.get("/data/registry.json").getvalue().decode(),
    }


def test_a_draft_project_never_counts_and_appears_on_no_public_surface(client, chain):
    surfaces = public_surfaces(client, chain)

    for name, text in surfaces.items():
        assert "Zdraft" not in text, name
        assert chain["draft"].get_absolute_url() not in text, name
    assert "2 projects recorded here" in surfaces["call"]
    assert client.get(chain["draft"].get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/projects/{chain['draft'].pk}/").status_code == 404


def test_the_project_page_shows_its_published_results_in_date_order(client):
    project = f.make_project(title="Atoll survey")
    f.make_result(project=project, occurred_on=datetime.date(2026, 1, 1), description="Later")
    f.make_result(project=project, occurred_on=datetime.date(2025, 1, 1), description="Earlier")
    f.make_result(
        project=project, kind=Kind.PUBLICATION, description="Paper", doi="10.5555/12345678"
    )

    html = client.get(project.get_absolute_url()).content.decode()

    assert html.index("Earlier") < html.index("Later")
    assert 'href="https://doi.org/10.5555/12345678"' in html


def test_a_project_cannot_end_before_it_starts_in_its_form_nor_in_the_database():
    project = f.make_project()
    project.ended_on = project.started_on - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "ended_on" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_funding_needs_its_currency():
    project = f.make_project(indian_funding="1000.00", indian_currency="INR")
    project.partner_funding = 500

    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "partner_currency" in error.value.message_dict


def test_a_doi_is_a_doi_and_a_link_is_a_web_address():
    result = f.make_result(doi="https://doi.org/10.5555/1", url="javascript:alert(1)")

    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert {"doi", "url"} <= set(error.value.message_dict)


def test_the_list_and_the_api_filter_projects_by_partner_area_call_status_and_year(client):
    atlantis = f.make_partner(name="Atlantis", slug="atlantis")
    area = f.make_area(slug="reefs")
    call = f.make_call()
    running = f.make_project(
        partners=[atlantis],
        call=call,
        title="Running in 2025",
        started_on=datetime.date(2024, 1, 1),
        ended_on=datetime.date(2026, 1, 1),
    )
    running.areas.add(area)
    f.make_project(
        title="Ended in 2023",
        status=models.Project.Status.COMPLETED,
        started_on=datetime.date(2021, 1, 1),
        ended_on=datetime.date(2023, 1, 1),
    )
    queries = [
        {"partner": "atlantis"},
        {"area": "reefs"},
        {"call": call.pk},
        {"status": "ongoing", "year": 2025},
    ]
    for query in queries:
        page = client.get(reverse("registry:project_list"), query).content.decode()
        api = client.get("/api/v1/projects/", query).json()
        assert "Running in 2025" in page and "Ended in 2023" not in page, query
        assert [row["title"] for row in api["results"]] == ["Running in 2025"], query


def test_a_filter_on_a_draft_call_finds_nothing(client):
    call = f.make_call(is_published=False)
    f.make_project(call=call, title="Under a draft call")

    page = client.get(reverse("registry:project_list"), {"call": call.pk}).content.decode()

    assert "Under a draft call" not in page


def test_a_bad_year_is_a_form_error_not_a_server_error(client):
    response = client.get(reverse("registry:project_list"), {"year": "soon"})

    assert response.status_code == 400


# -- the shipped sample data ----------------------------------------------------------------


@pytest.fixture
def shipped():
    call_command(
        "loaddata",
        "fixtures/seed.json",
        "fixtures/cited_facts.json",
        "fixtures/demo.json",
        verbosity=0,
    )


def test_the_shipped_samples_show_the_chain_on_the_agreement_page_in_date_order(client, shipped):
    agreement = models.Agreement.objects.get(title__startswith="Sample: MoU on quantum")
    call = agreement.calls.get()
    projects = list(call.projects.published().in_date_order())
    results = list(models.ProjectResult.objects.published().filter(project=projects[0]))

    html = client.get(agreement.get_absolute_url()).content.decode()

    # The meetings (the call is named under the one that decided it), then the calls and
    # what they funded.
    chain = [
        "Sample: India-France JWG meeting 1 (held)",
        f'Calls that followed: <a href="{call.get_absolute_url()}">',
        "Sample: India-France JWG meeting 2 (held)",
        "Joint calls under this agreement, and what they funded",
        f'<a href="{call.get_absolute_url()}">{call.title}</a> – Results announced',
        projects[0].title,
        *(r.description for r in results),
        projects[1].title,
    ]
    # In the chain section (the timeline above it names the meetings too).
    section = html[html.index('id="chain-heading"') :]
    positions = [section.index(text) for text in chain]
    assert positions == sorted(positions)
    assert len(projects) == 2 and len(results) == 3
    assert "(draft, hidden from the public)" not in html
    assert "2 projects recorded here" in html and "stated: 3 funded (source)" in html
    assert html.count('class="badge badge-sample"') >= len(chain)


def test_every_shipped_project_and_result_is_a_sample(shipped):
    assert models.Project.objects.count() == models.Project.objects.samples().count() > 0
    results = models.ProjectResult.objects
    assert results.count() == results.samples().count() > 0
    assert set(results.values_list("kind", flat=True)) == set(Kind.values)
