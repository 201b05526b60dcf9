"""The partner briefing: /partners/<slug>/briefing/ (registry/views/briefing.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry import models
from tests import factories as f

pytestmark = pytest.mark.django_db


def briefing(client, partner) -> str:
    response = client.get(reverse("registry:partner_briefing", kwargs={"slug": partner.slug}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def partner():
    return f.make_partner(name="Germany", slug="germany", iso_code="DE")


def test_the_briefing_shows_the_date_and_the_records_in_numbers(client, partner):
    f.make_agreement(partners=[partner], title="Science MoU", status="in_force")
    f.make_agreement(partners=[partner], title="Old MoU", status="expired")
    f.make_call(
        partners=[partner], title="Open call", closes_at=timezone.now() + datetime.timedelta(30)
    )
    html = briefing(client, partner)
    today = timezone.localdate()
    assert f"Briefing as of {today.day} {today:%B %Y}" in html
    assert "Science MoU" in html and "Old MoU" in html and "Open call" in html
    assert "In force: <strong>1</strong>" in html and "Expired: <strong>1</strong>" in html
    assert "test factory" in html  # the sources the records cite


def test_samples_and_drafts_are_left_out_and_the_samples_said(client, partner):
    f.make_agreement(partners=[partner], title="Real MoU")
    f.make_agreement(partners=[partner], title="Demo MoU", is_sample=True)
    f.make_agreement(partners=[partner], title="Draft MoU", is_published=False)
    f.make_call(partners=[partner], title="Draft call", is_published=False, status="open")
    f.make_group(partners=[partner], name="Demo JWG", is_sample=True)
    html = briefing(client, partner)
    assert "Real MoU" in html
    for hidden in ("Demo MoU", "Draft MoU", "Draft call", "Demo JWG"):
        assert hidden not in html
    assert "2 sample records (demo data) are left out." in html


def test_a_draft_partner_has_no_briefing(client):
    draft = f.make_partner(slug="hidden", is_published=False)
    url = reverse("registry:partner_briefing", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404


def test_reviews_due_follow_the_one_rule_and_say_overdue(client, partner):
    group = f.make_group(partners=[partner], name="Indo-German JWG", cadence_months=12)
    held = timezone.localdate() - datetime.timedelta(days=500)
    f.make_review(group=group, status="held", held_on=held)
    f.make_review(
        group=group, status="held", held_on=held + datetime.timedelta(100), is_published=False
    )
    html = briefing(client, partner)
    due = models.JointWorkingGroup.objects.for_list().get(pk=group.pk)
    from registry import schedule

    expected = schedule.review_due(due.last_held_on, 12)
    assert due.last_held_on == held  # the draft meeting does not count
    assert f'<time datetime="{expected:%Y-%m-%d}">' in html
    assert "Overdue" in html


def test_the_hub_links_to_its_briefing(client, partner):
    html = client.get(partner.get_absolute_url()).content.decode()
    assert reverse("registry:partner_briefing", kwargs={"slug": partner.slug}) in html


def test_long_lists_are_cut_and_link_to_the_full_list(client, partner):
    for n in range(15):
        f.make_agreement(partners=[partner], title=f"MoU number {n:02d}")
    html = briefing(client, partner)
    assert "12 of 15 shown." in html
    assert reverse("registry:agreement_list") + "?partner=germany" in html
