"""Scale data: the synthetic dataset is flagged, proportionate, repeatable and removable."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry import catalogue, models
from registry.synthetic import PREFIX, Sizes, clear, generate
from tests.factories import make_agreement, make_partner
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db

SYNTHETIC_MODELS = [
    models.Agreement,
    models.Partner,
    models.ResearchArea,
    models.Agency,
    models.JointCall,
    models.JointWorkingGroup,
    models.JWGReview,
    models.Facility,
    models.FacilityMembership,
    models.Engagement,
    models.Project,
    models.ProjectResult,
]


def test_it_generates_the_requested_number_of_agreements_with_related_records():
    made = generate(200)
    assert models.Agreement.objects.count() == made["agreements"] == 200
    sizes = Sizes(200)
    assert models.Partner.objects.count() == sizes.partners
    assert models.JointCall.objects.count() == sizes.calls
    assert models.JWGReview.objects.count() == sizes.groups * sizes.reviews_per_group
    assert models.FacilityMembership.objects.count() == sizes.memberships
    assert models.Project.objects.count() == sizes.calls * sizes.projects_per_call
    assert models.ProjectResult.objects.count() == (
        sizes.calls * sizes.projects_per_call * sizes.results_per_project
    )
    assert not models.Agreement.objects.filter(partners=None).exists()


@pytest.mark.parametrize("model", SYNTHETIC_MODELS, ids=lambda m: m.__name__)
def test_every_synthetic_record_is_flagged_as_a_sample(model):
    generate(100)
    assert model.objects.exists()
    assert not model.objects.filter(is_sample=False).exists()


def test_synthetic_titles_say_synthetic():
    generate(100)
    for model in [models.Agreement, models.JointCall]:
        assert not model.objects.exclude(title__startswith=PREFIX).exists()
    assert not models.Partner.objects.exclude(name__startswith=PREFIX).exists()


def test_running_it_twice_replaces_the_dataset_instead_of_doubling_it():
    generate(100)
    first = {m.__name__: m.objects.count() for m in SYNTHETIC_MODELS}
    generate(100)
    assert {m.__name__: m.objects.count() for m in SYNTHETIC_MODELS} == first


def test_clearing_leaves_real_and_demo_records_alone():
    real = make_agreement(title="A real agreement", partners=[make_partner(name="France")])
    demo = make_agreement(title="A demo agreement", is_sample=True)
    generate(100)
    clear()
    assert set(models.Agreement.objects.values_list("pk", flat=True)) == {real.pk, demo.pk}
    assert models.Partner.objects.filter(name="France").exists()
    assert list(real.partners.values_list("name", flat=True)) == ["France"]


def test_the_command_generates_and_clears(capsys):
    call_command("generate_synthetic_data", "50", skip_checks=True)
    assert models.Agreement.objects.count() == 50
    assert "Generated" in capsys.readouterr().out
    call_command("generate_synthetic_data", clear=True, skip_checks=True)
    assert models.Agreement.objects.count() == 0


def _list_paths():
    from tests.test_fuzz import URL_NAMES, url_for

    paths = [url_for(name, view, kwargs) for name, view, kwargs in URL_NAMES if not kwargs]
    feeds = ["home", "agreement_feed", "call_feed", "calendar", "charts"]
    partner = models.Partner.objects.published().order_by("pk").first()
    return [
        *paths,
        *(reverse(f"registry:{name}") for name in feeds),
        reverse("sitemap"),
        *(
            reverse(f"registry:{t.stem}_export", kwargs={"fmt": "csv"})
            for t in catalogue.with_pages()
        ),
        reverse("registry:partner_calendar", kwargs={"slug": partner.slug}),
        reverse("registry:search") + "?q=synthetic",
    ]


def _queries_per_page(client):
    counts = {}
    for path in _list_paths():
        counts[path] = get_counting_queries(client, path)[1]
    return counts


def test_public_lists_feeds_and_exports_make_as_many_queries_at_five_times_the_data(
    client, settings
):
    # A cross-check of the page owners' query-count tests, over every list the URL names give.
    # The smaller set is big enough for every page section to be non-empty (an empty queryset
    # skips its prefetch queries, which would differ for the wrong reason).
    settings.REGISTRY_API_ANON_RATE = "1000000/second"
    generate(200, seed=5)
    small = _queries_per_page(client)
    generate(1000, seed=5)
    assert _queries_per_page(client) == small
