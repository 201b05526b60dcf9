"""Detail pages' related lists: the right rows, in order, found through an index at any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import models
from tests import factories

pytestmark = pytest.mark.django_db


def make_many_unlinked(count: int):
    """Published agreements that supersede and amend nothing, as in most of the registry."""
    models.Agreement.objects.bulk_create(
        models.Agreement(
            instrument=models.Agreement.Instrument.MOU,
            title=f"Unlinked {i}",
            status=models.Agreement.Status.IN_FORCE,
            signed_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=i),
            is_published=True,
            source="test",
        )
        for i in range(count)
    )


def test_the_page_lists_published_successors_and_amendments_newest_first(client):
    old = factories.make_agreement(title="Old")
    factories.make_agreement(title="Later", supersedes=old, signed_on=datetime.date(2021, 1, 1))
    factories.make_agreement(title="Latest", supersedes=old, signed_on=datetime.date(2022, 1, 1))
    factories.make_agreement(title="Draft successor", supersedes=old, is_published=False)
    factories.make_agreement(title="Amendment", amends=old)
    factories.make_agreement(title="Draft amendment", amends=old, is_published=False)

    agreement = models.Agreement.objects.for_detail().get(pk=old.pk)
    html = client.get(old.get_absolute_url()).content.decode()

    assert [a.title for a in agreement.public_superseded_by] == ["Latest", "Later"]
    assert [a.title for a in agreement.public_amendments] == ["Amendment"]
    # The related-agreements list is newest first (the timeline above it runs oldest first).
    related = html[html.index('id="versions-heading"') :]
    assert related.index("Latest") < related.index("Later") and "Amendment" in related
    assert "Draft successor" not in html and "Draft amendment" not in html


def test_successors_and_amendments_are_found_through_their_index_on_sqlite():
    # After ANALYZE, with (almost) no row superseding or amending another, SQLite judged the
    # supersedes_id / amends_id indexes useless and walked the whole list-order index instead
    # (~200 ms a query at 100,000 agreements).
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite query plan")
    make_many_unlinked(300)
    agreement = factories.make_agreement()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    with CaptureQueriesContext(connection) as queries:
        models.Agreement.objects.for_detail().get(pk=agreement.pk)

    linked = [
        q["sql"]
        for q in queries.captured_queries
        if '"registry_agreement"."supersedes_id" IN' in q["sql"]
        or '"registry_agreement"."amends_id" IN' in q["sql"]
    ]
    assert len(linked) == 2
    for sql in linked:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = [row[-1] for row in cursor.fetchall()]
        assert not any(step.startswith("SCAN registry_agreement") for step in plan), plan
