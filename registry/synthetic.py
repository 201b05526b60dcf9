"""Synthetic data at scale, for benchmarks: N agreements and related records in proportion.

Every synthetic record is flagged `is_sample=True` and named "Synthetic: ..." (slugs start
"synthetic-"), so it is badged like any sample and can be removed without touching real or
demo records. Rows go in with bulk_create in batches (history is not recorded for them), and
many-to-many links straight into the through tables.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from registry import catalogue, models
from registry.caching import data_changed

PREFIX = "Synthetic:"
SLUG_PREFIX = "synthetic-"
SOURCE = "Synthetic data (manage.py generate_synthetic_data), not a real record"
BATCH = 2000
WORDS = [
    *("quantum", "solar", "ocean", "genomics", "vaccine", "climate", "robotics", "battery"),
    *("hydrogen", "semiconductor", "astronomy", "seismology", "agriculture", "water"),
    *("materials", "fusion", "AI", "cyber", "health", "space"),
]


@dataclass
class Sizes:
    """How many of each record go with `agreements` agreements."""

    agreements: int

    @property
    def partners(self):
        # The world has about 200 countries and a few dozen forums: partners level off.
        return max(20, min(250, self.agreements // 100))

    @property
    def areas(self):
        return max(10, min(300, self.agreements // 500))

    @property
    def agencies(self):
        return max(5, min(100, self.agreements // 2000))

    @property
    def calls(self):
        return max(1, self.agreements // 10)

    @property
    def groups(self):
        return max(1, self.agreements // 50)

    @property
    def reviews_per_group(self):
        return 5

    @property
    def facilities(self):
        return max(3, min(200, self.agreements // 1000))

    @property
    def memberships(self):
        return max(3, self.agreements // 100)

    @property
    def projects_per_call(self):
        return 3

    @property
    def results_per_project(self):
        return 2


def generate(count: int, seed: int = 0, log=print) -> dict:
    """Replace the synthetic dataset with one of `count` agreements; returns row counts."""
    rng = random.Random(seed)
    sizes = Sizes(count)
    with transaction.atomic():
        clear(log)
        made = _Builder(rng, sizes, log).build()
        data_changed()  # bulk writes send no signals
    return made


def clear(log=print) -> int:
    """Delete every synthetic record (and only those); returns the number of rows deleted."""
    deleted = 0
    # One transaction: foreign keys are checked at its end, when every synthetic row is gone.
    with transaction.atomic():
        for queryset in _synthetic_querysets():
            # _raw_delete: no per-row signals, so no history rows and no cascade collection.
            deleted += queryset._raw_delete(queryset.db)
    if deleted:
        log(f"deleted {deleted} synthetic rows")
        data_changed()  # raw deletes send no signals
    return deleted


def _synthetic_querysets():
    """Every synthetic row of every record type (registry/catalogue.py), each type's
    many-to-many links before its records, and the types in reverse order of the data, so
    what links to a record goes before it."""
    querysets = []
    for record_type in reversed(catalogue.TYPES):
        model = record_type.model
        records = model.objects.filter(is_sample=True, source=SOURCE)
        for field in model._meta.local_many_to_many:
            links = field.remote_field.through.objects
            querysets.append(links.filter(**{f"{field.m2m_field_name()}__in": records}))
        querysets.append(records)
    return querysets


def _bulk(model, rows):
    """bulk_create in batches; returns the created objects with their primary keys."""
    created = []
    for start in range(0, len(rows), BATCH):
        created += model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)
    return created


def _link(descriptor, pairs):
    """Insert (owner_id, target_id) pairs into a many-to-many through table."""
    field, through = descriptor.field, descriptor.through
    owner = field.m2m_field_name() + "_id"
    target = field.m2m_reverse_field_name() + "_id"
    rows = [through(**{owner: a, target: b}) for a, b in pairs]
    for start in range(0, len(rows), BATCH * 5):
        through.objects.bulk_create(rows[start : start + BATCH * 5], batch_size=BATCH)
    return len(rows)


def _common(rng):
    return {
        "is_sample": True,
        "is_published": rng.random() < 0.95,
        "source": SOURCE,
    }


class _Builder:
    def __init__(self, rng, sizes, log):
        self.rng, self.sizes, self.log = rng, sizes, log
        self.counts = {}

    def build(self) -> dict:
        self.partners = self._partners()
        self.areas = self._areas()
        self.agencies = self._agencies()
        self.agreements = self._agreements()
        self.calls = self._calls()
        self._projects()
        self._groups_and_reviews()
        self._facilities()
        self._engagements()
        return self.counts

    def _note(self, name, n):
        self.counts[name] = n
        self.log(f"{name}: {n}")

    def _partners(self):
        kinds = [models.Partner.Kind.COUNTRY] * 8 + [models.Partner.Kind.ORGANISATION]
        rows = [
            models.Partner(
                kind=self.rng.choice(kinds),
                name=f"{PREFIX} Partner {i:05d}",
                slug=f"{SLUG_PREFIX}partner-{i}",
                description="A synthetic partner for load tests.",
                **_common(self.rng) | {"is_published": True},
            )
            for i in range(1, self.sizes.partners + 1)
        ]
        made = [p.pk for p in _bulk(models.Partner, rows)]
        self._note("partners", len(made))
        return made

    def _areas(self):
        rows = [
            models.ResearchArea(
                name=f"{PREFIX} {self.rng.choice(WORDS).title()} area {i}",
                slug=f"{SLUG_PREFIX}area-{i}",
                **_common(self.rng) | {"is_published": True},
            )
            for i in range(1, self.sizes.areas + 1)
        ]
        made = [a.pk for a in _bulk(models.ResearchArea, rows)]
        self._note("areas", len(made))
        return made

    def _agencies(self):
        rows = [
            models.Agency(
                name=f"{PREFIX} Agency {i}",
                short_name=f"SYN-AG{i}",
                slug=f"{SLUG_PREFIX}agency-{i}",
                kind=models.Agency.Kind.DEPARTMENT,
                **_common(self.rng) | {"is_published": True},
            )
            for i in range(1, self.sizes.agencies + 1)
        ]
        made = [a.pk for a in _bulk(models.Agency, rows)]
        self._note("agencies", len(made))
        return made

    def _agreement(self, i):
        rng = self.rng
        signed = datetime.date(1975, 1, 1) + datetime.timedelta(days=rng.randrange(18250))
        in_force = signed + datetime.timedelta(days=rng.randrange(180))
        instrument = rng.choice(models.Agreement.Instrument.values)
        topic = " ".join(rng.sample(WORDS, 2))
        return models.Agreement(
            instrument=instrument,
            title=f"{PREFIX} {instrument.upper()} on {topic} cooperation no. {i}",
            status=rng.choice(models.Agreement.Status.values),
            indian_agency_id=rng.choice(self.agencies),
            signed_on=signed,
            in_force_from=in_force,
            valid_until=in_force + datetime.timedelta(days=365 * rng.choice((3, 5, 10))),
            summary=f"Synthetic agreement about {topic}.",
            **_common(rng),
        )

    def _agreements(self):
        rows = [self._agreement(i) for i in range(1, self.sizes.agreements + 1)]
        made = [a.pk for a in _bulk(models.Agreement, rows)]
        self._note("agreements", len(made))
        rng = self.rng
        partner_pairs = {
            (a, p) for a in made for p in rng.sample(self.partners, rng.choice((1, 1, 1, 2, 3)))
        }
        area_pairs = {(a, x) for a in made for x in rng.sample(self.areas, rng.choice((1, 2)))}
        self._note("agreement partner links", _link(models.Agreement.partners, partner_pairs))
        self._note("agreement area links", _link(models.Agreement.areas, area_pairs))
        return made

    def _calls(self):
        rng = self.rng
        now = timezone.now()
        rows = []
        for i in range(1, self.sizes.calls + 1):
            opens = now + datetime.timedelta(days=rng.randrange(-3000, 200))
            rows.append(
                models.JointCall(
                    title=f"{PREFIX} Joint call on {rng.choice(WORDS)} no. {i}",
                    agreement_id=rng.choice(self.agreements),
                    status=rng.choice(models.JointCall.Status.values),
                    opens_at=opens,
                    closes_at=opens + datetime.timedelta(days=rng.randrange(30, 120)),
                    **_common(rng),
                )
            )
        made = [c.pk for c in _bulk(models.JointCall, rows)]
        self._note("calls", len(made))
        _link(models.JointCall.partners, {(c, rng.choice(self.partners)) for c in made})
        _link(models.JointCall.areas, {(c, rng.choice(self.areas)) for c in made})
        _link(models.JointCall.agencies, {(c, rng.choice(self.agencies)) for c in made})
        return made

    def _projects(self):
        """Some projects per call, and results per project (of every kind, in turn)."""
        rng = self.rng
        rows = []
        for call in self.calls:
            for n in range(1, self.sizes.projects_per_call + 1):
                started = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9000))
                rows.append(
                    models.Project(
                        title=f"{PREFIX} Joint project {n} on {rng.choice(WORDS)} (call {call})",
                        call_id=call,
                        status=rng.choice(models.Project.Status.values),
                        indian_institution_id=rng.choice(self.agencies),
                        started_on=started,
                        ended_on=started + datetime.timedelta(days=365 * rng.choice((2, 3, 5))),
                        indian_funding=rng.randrange(10, 500) * 100000,
                        indian_currency="INR",
                        **_common(rng),
                    )
                )
        made = _bulk(models.Project, rows)
        self._note("projects", len(made))
        ids = [p.pk for p in made]
        _link(models.Project.partners, {(p, rng.choice(self.partners)) for p in ids})
        _link(models.Project.areas, {(p, rng.choice(self.areas)) for p in ids})
        kinds = models.ProjectResult.Kind.values
        results = [
            models.ProjectResult(
                project_id=project.pk,
                kind=kinds[(i + n) % len(kinds)],
                occurred_on=project.started_on + datetime.timedelta(days=rng.randrange(700)),
                description=f"{PREFIX} result {n} of project {project.pk}",
                **_common(rng),
            )
            for i, project in enumerate(made)
            for n in range(1, self.sizes.results_per_project + 1)
        ]
        self._note("project results", len(_bulk(models.ProjectResult, results)))

    def _groups_and_reviews(self):
        rng = self.rng
        rows = [
            models.JointWorkingGroup(name=f"{PREFIX} Joint Working Group {i}", cadence_months=12)
            for i in range(1, self.sizes.groups + 1)
        ]
        for row in rows:
            for key, value in _common(rng).items():
                setattr(row, key, value)
        groups = [g.pk for g in _bulk(models.JointWorkingGroup, rows)]
        self._note("working groups", len(groups))
        _link(models.JointWorkingGroup.partners, {(g, rng.choice(self.partners)) for g in groups})
        _link(
            models.JointWorkingGroup.agreements, {(g, rng.choice(self.agreements)) for g in groups}
        )
        reviews = [
            models.JWGReview(
                group_id=g,
                sequence_number=n,
                held_on=datetime.date(2000 + 4 * n, 1, 1)
                + datetime.timedelta(days=rng.randrange(1400)),
                status=models.JWGReview.Status.HELD,
                outcomes="Synthetic outcomes.",
                **_common(rng),
            )
            for g in groups
            for n in range(1, self.sizes.reviews_per_group + 1)
        ]
        made = [r.pk for r in _bulk(models.JWGReview, reviews)]
        self._note("reviews", len(made))
        items = [
            models.ActionItem(
                review_id=r, description="Synthetic action item.", is_sample=True, source=SOURCE
            )
            for r in made[::5]
        ]
        self._note("action items", len(_bulk(models.ActionItem, items)))

    def _facilities(self):
        rng = self.rng
        rows = [
            models.Facility(
                name=f"{PREFIX} Facility {i}",
                short_name=f"SYN-F{i}",
                slug=f"{SLUG_PREFIX}facility-{i}",
                kind=rng.choice(models.Facility.Kind.values),
                **_common(rng) | {"is_published": True},
            )
            for i in range(1, self.sizes.facilities + 1)
        ]
        facilities = [f.pk for f in _bulk(models.Facility, rows)]
        self._note("facilities", len(facilities))
        memberships = [
            models.FacilityMembership(
                facility_id=rng.choice(facilities),
                membership_type=rng.choice(models.FacilityMembership.Type.values),
                started_on=datetime.date(1980, 1, 1)
                + datetime.timedelta(days=rng.randrange(15000)),
                nodal_agency_id=rng.choice(self.agencies),
                agreement_id=rng.choice(self.agreements),
                **_common(rng),
            )
            for _ in range(self.sizes.memberships)
        ]
        self._note("memberships", len(_bulk(models.FacilityMembership, memberships)))

    def _engagements(self):
        rng = self.rng
        pairs = {(p, rng.choice(self.areas)) for p in self.partners for _ in range(3)}
        rows = [
            models.Engagement(
                partner_id=p, area_id=a, mode=models.Engagement.Mode.BILATERAL, **_common(rng)
            )
            for p, a in sorted(pairs)
        ]
        self._note("engagements", len(_bulk(models.Engagement, rows)))
