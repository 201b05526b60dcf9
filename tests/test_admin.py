"""The staff workspace: every admin page loads with a bounded number of queries; publishing."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from registry import catalogue, models
from tests import factories as f
from tests.factories import one_of_each
from tests.forms import rendered_data, submit
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db

REGISTRY_ADMINS = [model for model in admin.site._registry if model._meta.app_label == "registry"]


def _admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_every_registry_model_has_an_admin():
    expected = {
        models.Partner,
        models.PartnerAlias,
        models.Agency,
        models.ResearchArea,
        models.Engagement,
        models.Agreement,
        models.JointWorkingGroup,
        models.JWGReview,
        models.ActionItem,
        models.JointCall,
        models.Facility,
        models.FacilityAlias,
        models.FacilityMembership,
        models.StatedFigure,
        models.ReminderLog,
        models.AuditEvent,
    }
    assert expected <= set(REGISTRY_ADMINS)


@pytest.mark.parametrize("model", REGISTRY_ADMINS, ids=lambda m: m._meta.model_name)
def test_every_changelist_add_and_change_page_loads_for_a_superuser(
    model, admin_client, django_assert_max_num_queries
):
    records = one_of_each()
    # Session, user, then the page's own queries: counts, the rows, filter choices, related
    # rows prefetched once, inline rows. 30 is well above any page today and far below a
    # query per row.
    with django_assert_max_num_queries(30):
        assert admin_client.get(_admin_url(model, "changelist")).status_code == 200
    if model in (models.ReminderLog, models.ChangeRequest, models.AuditEvent):
        return  # no add or change form: two logs, and proposals made on a propose page
    with django_assert_max_num_queries(30):
        assert admin_client.get(_admin_url(model, "add")).status_code == 200
    with django_assert_max_num_queries(30):
        url = _admin_url(model, "change", records[model].pk)
        assert admin_client.get(url).status_code == 200


# --- changelists: no query per row ------------------------------------------------------

ROW_MAKERS = {
    models.Partner: lambda: f.make_engagement().partner,
    models.Agency: f.make_agency,
    models.ResearchArea: lambda: f.make_engagement().area,
    models.Engagement: f.make_engagement,
    models.Agreement: lambda: f.make_agreement(partners=[f.make_partner(), f.make_partner()]),
    models.JointWorkingGroup: lambda: f.make_review().group,
    models.JWGReview: lambda: f.make_action_item().review,
    models.ActionItem: f.make_action_item,
    models.JointCall: lambda: f.make_call(agreement=f.make_agreement()),
    models.Facility: lambda: f.make_membership().facility,
    models.FacilityMembership: lambda: f.make_membership(nodal_agency=f.make_agency()),
    models.StatedFigure: lambda: models.StatedFigure.objects.create(
        label="MoUs", value_text="16", agency=f.make_agency()
    ),
    models.Project: lambda: (
        f.make_result(project=f.make_project(partners=[f.make_partner(), f.make_partner()])).project
    ),
    models.ProjectResult: f.make_result,
}


def _changelist_queries(client, model, rows: int) -> int:
    for _ in range(rows):
        ROW_MAKERS[model]()
    return get_counting_queries(client, _admin_url(model, "changelist"))[1]


@pytest.mark.parametrize(
    "model", [t.model for t in catalogue.TYPES], ids=lambda m: m._meta.model_name
)
def test_a_changelist_runs_as_many_queries_for_3n_rows_as_for_n(model, admin_client):
    # Session and user; the filtered count and the total count; the page of rows (joined
    # with list_select_related, counts annotated); one prefetch per many-to-many column;
    # the choices of related-field sidebar filters; the date hierarchy. None of these
    # depends on the number of rows, so N rows and 3N rows cost the same.
    with_n = _changelist_queries(admin_client, model, 2)
    with_3n = _changelist_queries(admin_client, model, 4)  # 2 + 4 = 3N rows in all
    assert with_3n == with_n
    assert with_n <= 15


# --- publishing ---------------------------------------------------------------------------


def _post_action(client, model, action, objs):
    data = {"action": action, "_selected_action": [str(obj.pk) for obj in objs]}
    return client.post(_admin_url(model, "changelist"), data, follow=True)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_publish_action_publishes_complete_records_and_names_what_others_lack(
    admin_client,
):
    complete = f.make_agreement(is_published=False)
    lacking = f.make_agreement(is_published=False, source="", title="Bare MoU")
    lacking.partners.clear()

    response = _post_action(admin_client, models.Agreement, "publish", [complete, lacking])

    complete.refresh_from_db()
    lacking.refresh_from_db()
    assert complete.is_published
    assert not lacking.is_published
    refusal = next(m for m in _messages(response) if "Bare MoU" in m)
    assert "partners is missing" in refusal
    assert "source is missing" in refusal
    assert "1 agreement published." in _messages(response)


def test_the_unpublish_action_turns_records_back_into_drafts(admin_client):
    call = f.make_call(source="PIB")
    _post_action(admin_client, models.JointCall, "unpublish", [call])
    call.refresh_from_db()
    assert not call.is_published
    assert call.history.first().history_change_reason == "Unpublished"


def test_action_items_offer_no_publish_action(admin_client):
    response = admin_client.get(_admin_url(models.ActionItem, "changelist"))
    choices = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert "publish" not in choices
    assert "publish" in [
        value
        for value, _label in admin_client.get(_admin_url(models.Agreement, "changelist"))
        .context["action_form"]
        .fields["action"]
        .choices
    ]


def test_ticking_published_on_the_change_form_applies_the_same_minimum(admin_client):
    agreement = f.make_agreement(is_published=False, source="")
    url = _admin_url(models.Agreement, "change", agreement.pk)
    data = rendered_data(admin_client.get(url)) | {"is_published": "on"}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Cannot publish: source is missing." in response.content.decode()
    agreement.refresh_from_db()
    assert not agreement.is_published


def test_a_complete_record_is_published_from_the_change_form(admin_client):
    agreement = f.make_agreement(is_published=False)
    url = _admin_url(models.Agreement, "change", agreement.pk)
    data = rendered_data(admin_client.get(url)) | {"is_published": "on"}
    assert admin_client.post(url, data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.is_published


def test_an_editor_sees_published_as_read_only_and_cannot_publish(client, staff_in_role):
    client.force_login(staff_in_role("Editor"))
    draft = f.make_agreement(is_published=False)
    url = _admin_url(models.Agreement, "change", draft.pk)
    response = client.get(url)
    assert "is_published" not in response.context["adminform"].form.fields

    data = rendered_data(response) | {"is_published": "on", "title": "Edited draft"}
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Edited draft"
    assert not draft.is_published

    _post_action(client, models.Agreement, "publish", [draft])
    draft.refresh_from_db()
    assert not draft.is_published


def test_an_editor_cannot_change_a_published_record(client, staff_in_role):
    client.force_login(staff_in_role("Editor"))
    published = f.make_agreement(title="Live MoU")
    url = _admin_url(models.Agreement, "change", published.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.post(url, {"title": "Vandalised"}).status_code == 403
    published.refresh_from_db()
    assert published.title == "Live MoU"


def test_the_admin_index_links_the_tracker(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert reverse("admin:registry_tracker") in response.content.decode()


def test_a_record_past_its_due_date_shows_under_the_overdue_filter(admin_client):
    late = f.make_action_item(due_on=datetime.date(2000, 1, 1))
    done = f.make_action_item(due_on=datetime.date(2000, 1, 1), status="done")
    url = _admin_url(models.ActionItem, "changelist") + "?due=overdue"
    shown = list(admin_client.get(url).context["cl"].result_list)
    assert late in shown
    assert done not in shown


# --- sidebar filters ----------------------------------------------------------------------


def _listed(client, model, query) -> set:
    response = client.get(_admin_url(model, "changelist") + query)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_the_open_calls_filter_uses_the_models_rule(admin_client):
    now = timezone.now()
    taking = f.make_call()
    past_deadline = f.make_call(
        opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=1)
    )
    forecast = f.make_call(status="forecast")
    assert _listed(admin_client, models.JointCall, "?open=open") == {taking}
    assert _listed(admin_client, models.JointCall, "?open=closed") == {past_deadline, forecast}


def test_the_active_memberships_filter_uses_the_models_rule(admin_client):
    today = timezone.localdate()
    active = f.make_membership(started_on=datetime.date(2017, 1, 16))
    ended = f.make_membership(
        started_on=datetime.date(2000, 1, 1), ended_on=today - datetime.timedelta(days=1)
    )
    assert _listed(admin_client, models.FacilityMembership, "?active=active") == {active}
    assert _listed(admin_client, models.FacilityMembership, "?active=expired") == {ended}


def test_the_overdue_filters_of_meetings_and_groups(admin_client):
    today = timezone.localdate()
    late = f.make_review(status="planned", held_on=today - datetime.timedelta(days=3))
    f.make_review(status="planned", held_on=today + datetime.timedelta(days=200))
    overdue_group = f.make_review(held_on=today - datetime.timedelta(days=400)).group
    assert _listed(admin_client, models.JWGReview, "?due=overdue") == {late}
    assert overdue_group in _listed(admin_client, models.JointWorkingGroup, "?due=overdue")
    assert late.group not in _listed(admin_client, models.JointWorkingGroup, "?due=overdue")


def test_the_publication_and_sample_filters(admin_client):
    draft = f.make_agreement(is_published=False)
    sample = f.make_agreement(is_sample=True)
    assert _listed(admin_client, models.Agreement, "?publication=draft") == {draft}
    assert _listed(admin_client, models.Agreement, "?sample=sample") == {sample}
    assert draft in _listed(admin_client, models.Agreement, "?sample=real")


def test_an_editor_cannot_change_a_published_row_through_an_inline(client, staff_in_role):
    client.force_login(staff_in_role("Editor"))
    area = f.make_area(is_published=False, source="PIB")
    engagement = f.make_engagement(area=area, activity="")
    url = _admin_url(models.ResearchArea, "change", area.pk)
    response = submit(client, client.get(url), {"engagements-0-mode": "multilateral"})
    assert response.status_code == 200
    assert "only a publisher may change it" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.mode == "bilateral"


def test_an_inline_row_saved_elsewhere_since_the_page_loaded_is_not_overwritten(admin_client):
    item = f.make_action_item(description="Original")
    meeting_page = admin_client.get(_admin_url(models.JWGReview, "change", item.review_id))
    item_url = _admin_url(models.ActionItem, "change", item.pk)
    assert submit(admin_client, admin_client.get(item_url), {"owner": "DST"}).status_code == 302

    response = submit(admin_client, meeting_page, {"action_items-0-description": "Mine"})

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    item.refresh_from_db()
    assert (item.description, item.owner) == ("Original", "DST")


def test_deleting_a_published_inline_row_needs_the_right_to_publish_it(client, django_user_model):
    """The rule covers a row marked for deletion too (a formset skips such rows' errors)."""
    user = django_user_model.objects.create_user("deleter", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "view_jointworkinggroup",
                "change_jointworkinggroup",
                "view_jwgreview",
                "delete_jwgreview",
            ]
        )
    )
    group = f.make_group(is_published=False)
    meeting = f.make_review(group=group)  # published
    client.force_login(user)
    url = _admin_url(models.JointWorkingGroup, "change", group.pk)

    response = submit(client, client.get(url), {"reviews-0-DELETE": "on"})

    assert response.status_code == 200
    assert "only a publisher may delete it" in response.content.decode()
    assert models.JWGReview.objects.filter(pk=meeting.pk).exists()


def test_the_secretariat_edits_action_items_whatever_their_published_flag(client, staff_in_role):
    # Action items are never public; an old "published" flag must not lock them.
    client.force_login(staff_in_role("Review secretariat"))
    item = f.make_action_item(is_published=True)
    url = _admin_url(models.ActionItem, "change", item.pk)
    data = rendered_data(client.get(url)) | {"status": "in_progress"}
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_count_columns_count_each_relation_separately(admin_client):
    partner = f.make_partner()
    f.make_agreement(partners=[partner])
    f.make_agreement(partners=[partner, f.make_partner()])
    for _ in range(3):
        f.make_engagement(partner=partner)
    [row] = [p for p in _listed(admin_client, models.Partner, "") if p == partner]
    assert (row.agreement_count, row.engagement_count) == (2, 3)


@pytest.mark.parametrize(
    "model", [t.model for t in catalogue.TYPES], ids=lambda m: m._meta.model_name
)
def test_every_admin_queryset_is_ordered_so_its_pages_and_searches_are_stable(model, admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user

    assert admin.site._registry[model].get_queryset(request).ordered
