"""E-mail alerts for readers without an account: what an alert carries, and sending it.

A reader asks for alerts on a public list (its filter, stored as the list's query string) or
on one record page, daily or weekly. Nothing is sent before they confirm through a signed
link; every alert e-mail has a one-click unsubscribe (RFC 8058) and a link to a page listing
and cancelling the address's alerts.

What an alert carries, always from published records only:
- a list: records newly published that its own FilterSet (registry/filters.py) matches, so
  an alert shows what the list shows;
- one record: changes to its public fields (registry/public_changes.py);
- both, for the records they cover: calls opening and deadlines 14 and 3 days ahead,
  agreements 90 days before they expire, working group reviews falling due (the one rule,
  registry/schedule.py) 14 days ahead.

Each e-mail covers the days since the last one (`Alert.covered_through`), so an item is sent
once; `AlertLog` (one row per address and day) makes a second run on the same day send
nothing. The command `send_alerts` runs this daily (README, "E-mail alerts").
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registry import catalogue, models, schedule
from registry.audit import client_address
from registry.models import Alert, AlertLog, AlertSubscriber

CONFIRM_SALT = "registry.alerts.confirm"
MANAGE_SALT = "registry.alerts.manage"
# Not part of what an alert matches: which page, and in which order.
NOT_FILTERS = ("page", "sort")
# Days ahead of a call's deadline on which an alert mentions it.
DEADLINE_NOTICES = (14, 3)
BATCH_SIZE = 200  # addresses per SMTP connection, and per query


def confirm_days() -> int:
    return getattr(settings, "ALERTS_CONFIRM_DAYS", 7)


logger = logging.getLogger(__name__)


class NotSent(Exception):
    """The confirmation e-mail could not be sent (the mail server refused or is down)."""


class BadLink(Exception):
    """A tampered, expired or spent link; the message says which, for the reader."""


# -- what an alert follows, in words ---------------------------------------------------------


def alertable(stem: str):
    """The record type of a public list, or None (no alerts on anything else)."""
    types = {t.stem: t for t in catalogue.with_pages()}
    return types.get(stem)


def clean_query(query_string: str) -> str:
    """The list's query string without the page and the order: the filter only."""
    params = QueryDict(query_string, mutable=True)
    for name in NOT_FILTERS:
        params.pop(name, None)
    return params.urlencode()


def filterset(stem: str, query: str):
    """The list's own FilterSet over its published records, bound to the stored query."""
    model = catalogue.get(stem).model
    filterset_class = catalogue.filterset(model)
    return filterset_class(QueryDict(query), queryset=model.objects.published().for_list())


def _value_words(form_field, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        choices = dict(getattr(form_field, "choices", []) or [])
        return ", ".join(str(choices.get(v, v)) if isinstance(v, str) else str(v) for v in value)
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


def _empty(value) -> bool:
    if isinstance(value, bool | int | float | datetime.date):
        return False
    return value is None or len(value) == 0


def describe_filter(stem: str, query: str, fs=None) -> str:
    """A list's filter in words, "Joint calls with Germany; Status: Open" (`fs`: the
    filterset of `query`, when already validated)."""
    record_type = catalogue.get(stem)
    fs = fs if fs is not None else filterset(stem, query)
    if not fs.is_valid():
        return str(record_type.heading)
    parts, partners = [], ""
    for name, form_field in fs.form.fields.items():
        value = fs.form.cleaned_data.get(name)
        if name in NOT_FILTERS or _empty(value):
            continue
        words = _value_words(form_field, value)
        if name == "partner":
            partners = words
        else:
            parts.append(f"{form_field.label}: {words}")
    heading = str(record_type.heading)
    if partners:
        heading = _("%(records)s with %(partners)s") % {"records": heading, "partners": partners}
    elif not parts:
        heading = _("%(records)s: every published record") % {"records": heading}
    return "; ".join([heading, *parts])


def followed_record(stem: str, record_id):
    """A followed record while it is published, else None."""
    model = catalogue.get(stem).model
    return model.objects.published().for_list().filter(pk=record_id).first()


def describe(alert: Alert) -> str:
    if alert.record_id is None:
        return describe_filter(alert.stem, alert.query)
    record_type = catalogue.get(alert.stem)
    record = followed_record(alert.stem, alert.record_id)
    name = str(record) if record is not None else _("a record no longer published")
    return _("The %(type)s “%(record)s”") % {
        "type": record_type.model._meta.verbose_name,
        "record": name,
    }


def news_kinds(stem: str, follows_record: bool) -> list[str]:
    """What an alert of this kind carries, in words (shown before the reader confirms)."""
    kinds = [_("Changes to its public details")] if follows_record else [_("New records")]
    if stem == "call":
        kinds.append(
            _("Calls opening, and their deadlines %(far)d and %(near)d days ahead")
            % {"far": DEADLINE_NOTICES[0], "near": DEADLINE_NOTICES[1]}
        )
    elif stem == "agreement":
        kinds.append(
            _("Agreements %(n)d days before they expire") % {"n": schedule.EXPIRY_REMINDER_DAYS}
        )
    elif stem == "working_group":
        kinds.append(
            _("Working group reviews falling due, %(n)d days ahead") % {"n": schedule.DUE_SOON_DAYS}
        )
    return kinds


# -- signed links ----------------------------------------------------------------------------


def confirm_token(alert: Alert) -> str:
    return signing.dumps({"a": alert.pk, "k": alert.key}, salt=CONFIRM_SALT)


def manage_token(subscriber: AlertSubscriber) -> str:
    return signing.dumps(subscriber.key, salt=MANAGE_SALT)


def alert_for(token: str) -> Alert:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_days() * 86400)
        alert = Alert.objects.select_related("subscriber").get(pk=data["a"], key=data["k"])
    except signing.SignatureExpired:
        raise BadLink(_("This confirmation link has expired. Ask for the alert again.")) from None
    except (signing.BadSignature, Alert.DoesNotExist, KeyError, TypeError):
        raise BadLink(
            _(
                "This confirmation link is not valid: it may be incomplete, or the alert was "
                "cancelled. Copy the whole link from the e-mail, or ask for the alert again."
            )
        ) from None
    return alert


def subscriber_for(token: str) -> AlertSubscriber:
    try:
        key = signing.loads(token, salt=MANAGE_SALT)
        return AlertSubscriber.objects.get(key=key)
    except (signing.BadSignature, AlertSubscriber.DoesNotExist, TypeError):
        raise BadLink(
            _(
                "This link is not valid: it may be incomplete, or the address has already "
                "been unsubscribed (its alerts are then deleted)."
            )
        ) from None


def absolute(path: str, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return getattr(settings, "REGISTRY_BASE_URL", "") + path


def links(subscriber: AlertSubscriber, request=None) -> dict:
    token = manage_token(subscriber)
    return {
        "unsubscribe_url": absolute(reverse("registry:alert_unsubscribe", args=[token]), request),
        "manage_url": absolute(reverse("registry:alert_manage", args=[token]), request),
    }


# -- signing up ------------------------------------------------------------------------------


def _counted(key: str, seconds: int) -> int:
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr, or a cache that keeps nothing
        cache.set(key, 1, seconds)
        return 1


def throttled(request, email: str) -> bool:
    """Counts a sign-up for the client address and the e-mail address; True when either
    has asked too often (ALERTS_SIGNUPS_PER_IP_PER_HOUR, ..._PER_ADDRESS_PER_DAY)."""
    ip = client_address(request) or "unknown"
    address = hashlib.sha256(email.encode()).hexdigest()  # no address kept in the cache
    per_ip = _counted(f"alerts:signup:ip:{ip}", 3600)
    per_address = _counted(f"alerts:signup:address:{address}", 86400)
    return per_ip > getattr(settings, "ALERTS_SIGNUPS_PER_IP_PER_HOUR", 20) or per_address > (
        getattr(settings, "ALERTS_SIGNUPS_PER_ADDRESS_PER_DAY", 5)
    )


def normalise(email: str) -> str:
    return email.strip().lower()


def sign_up(request, email: str, frequency: str, stem: str, query="", record_id=None) -> Alert:
    """A new alert waiting for confirmation, and the e-mail that asks for it."""
    with transaction.atomic():
        subscriber, _created = AlertSubscriber.objects.get_or_create(
            email=normalise(email),
            defaults={"language": translation.get_language() or settings.LANGUAGE_CODE},
        )
        alert = Alert.objects.create(
            subscriber=subscriber,
            stem=stem,
            query=query if record_id is None else "",
            record_id=record_id,
            frequency=frequency,
        )
    context = {
        "alert": alert,
        "description": describe(alert),
        "kinds": news_kinds(stem, record_id is not None),
        "confirm_url": absolute(
            reverse("registry:alert_confirm", args=[confirm_token(alert)]), request
        ),
        "days": confirm_days(),
        **links(subscriber, request),
    }
    message = EmailMultiAlternatives(
        _("Confirm your e-mail alert"),
        render_to_string("registry/alerts/email/confirm.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
    )
    message.attach_alternative(
        render_to_string("registry/alerts/email/confirm.html", context), "text/html"
    )
    try:
        message.send()
    except Exception as error:
        # The mail server refused or is down: keep nothing, and tell the reader.
        logger.warning("Alert confirmation not sent: %s", error)
        cancel(subscriber, alert.pk)  # and the address, when it has no other alert
        raise NotSent from error
    return alert


def confirm(alert: Alert, day: datetime.date | None = None) -> Alert:
    """Confirmed: news from `day` on. The same alert asked for again replaces the old one
    (with the frequency chosen last)."""
    if alert.is_confirmed:
        return alert
    day = day or timezone.localdate()
    with transaction.atomic():
        same = Alert.objects.filter(
            subscriber=alert.subscriber, stem=alert.stem, query=alert.query,
            record_id=alert.record_id, confirmed_at__isnull=False,
        ).exclude(pk=alert.pk)  # fmt: skip
        earlier = same.order_by("covered_through").values_list("covered_through", flat=True)
        alert.covered_through = next(iter(earlier), None) or day - datetime.timedelta(days=1)
        same.delete()
        alert.confirmed_at = timezone.now()
        alert.save(update_fields=["confirmed_at", "covered_through"])
    return alert


def cancel(subscriber: AlertSubscriber, alert_id=None) -> bool:
    """Cancel one alert, or all; an address left with no alert is deleted. True when the
    address itself is gone."""
    if alert_id is not None:
        subscriber.alerts.filter(pk=alert_id).delete()
        if subscriber.alerts.exists():
            return False
    subscriber.delete()
    return True


def prune(now: datetime.datetime | None = None) -> int:
    """Delete alerts never confirmed within ALERTS_CONFIRM_DAYS, and addresses left with
    none. Returns how many addresses were deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=confirm_days())
    Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    deleted, by_model = AlertSubscriber.objects.filter(alerts__isnull=True).delete()
    return by_model.get(AlertSubscriber._meta.label, 0)


# -- what an alert carries -------------------------------------------------------------------


@dataclass
class Item:
    kind: str  # "new", "changed", "withdrawn", "opening", "deadline", "expiring", "review_due"
    title: str
    url: str
    label: str
    date: datetime.date | datetime.datetime | None = None
    fields: list = field(default_factory=list)  # (label, old, new) for a change
    partners: str = ""
    is_sample: bool = False

    @property
    def key(self) -> tuple:
        return (self.kind, self.url, str(self.date), tuple(self.fields))


def window(alert: Alert, day: datetime.date):
    """The news days an e-mail on `day` covers for `alert` (first, last), or None when it
    is not due: daily, the day before; weekly, the 7 days before, once 7 have passed."""
    covered = alert.covered_through or (timezone.localdate(alert.confirmed_at) - ONE_DAY)
    first, last = covered + ONE_DAY, day - ONE_DAY
    if last < first:
        return None
    if alert.frequency == Alert.Frequency.WEEKLY and (last - first).days < 6:
        return None
    return first, last


ONE_DAY = datetime.timedelta(days=1)


def _start(day: datetime.date) -> datetime.datetime:
    return schedule.end_of_day(day - ONE_DAY)


def _partners(obj) -> str:
    partners = getattr(obj, "public_partners", None)
    return ", ".join(str(p) for p in partners) if partners else ""


class Selection:
    """What each alert carries for a window; alerts sharing a filter and a window share one
    selection (most addresses follow a few popular lists), for the length of one run."""

    def __init__(self, request=None):
        self.request = request
        self.found: dict = {}

    def items(self, alert: Alert, first: datetime.date, last: datetime.date) -> list[Item]:
        # Per language too: the labels, and the addresses (/hi/... in Hindi), are in it.
        key = (alert.stem, alert.query, alert.record_id, first, last, translation.get_language())
        if key not in self.found:
            self.found[key] = self._select(alert, first, last)
        return self.found[key]

    def _item(self, kind, label, obj, date=None) -> Item:
        return Item(
            kind=kind,
            title=str(obj),
            url=absolute(obj.get_absolute_url(), self.request),
            label=label,
            date=date,
            partners=_partners(obj),
            is_sample=obj.is_sample,
        )

    def _select(self, alert: Alert, first, last) -> list[Item]:
        model = catalogue.get(alert.stem).model
        if alert.record_id is None:
            fs = filterset(alert.stem, alert.query)
            if not fs.is_valid():
                return []  # a filter no longer valid (a partner withdrawn) matches nothing
            records = fs.qs
            found = self._new(model, records, first, last)
        else:
            records = model.objects.published().for_list().filter(pk=alert.record_id)
            found = self._changes(alert, first, last)
        # Dates are announced on the day after each news day (the day of the e-mail).
        found += self._dated(alert.stem, records, first + ONE_DAY, last + ONE_DAY)
        return found

    def _new(self, model, records, first, last) -> list[Item]:
        """Records first published in the window (their first published history row), with
        the day they were published."""
        published = dict(
            model.history.filter(is_published=True)
            .values("id")
            .annotate(first=Min("history_date"))
            .filter(first__gte=_start(first), first__lt=schedule.end_of_day(last))
            .values_list("id", "first")
        )
        label = _("New")
        return [
            self._item("new", label, obj, timezone.localdate(published[obj.pk]))
            for obj in records.filter(pk__in=list(published))
        ]

    def _changes(self, alert: Alert, first, last) -> list[Item]:
        from registry.public_changes import CHANGED, WITHDRAWN, public_changes

        model = catalogue.get(alert.stem).model
        record = model._base_manager.filter(pk=alert.record_id).first()
        if record is None:
            return []
        start, end = _start(first), schedule.end_of_day(last)
        found = []
        for change in public_changes(since=start, until=end, record=record):
            if change.changed_at >= end or change.kind not in (CHANGED, WITHDRAWN):
                continue
            withdrawn = change.kind == WITHDRAWN
            found.append(
                Item(
                    kind=change.kind,
                    title=change.title,
                    url="" if withdrawn else absolute(change.url, self.request),
                    label=_("No longer public") if withdrawn else _("Changed"),
                    date=timezone.localtime(change.changed_at),
                    fields=[(label, old, new) for _n, label, old, new in change.fields],
                    is_sample=change.is_sample,
                )
            )
        return sorted(found, key=lambda i: i.date)

    def _dated(self, stem, records, first, last) -> list[Item]:
        """Calls opening and deadlines, agreements expiring, reviews falling due: whose
        notice day (the date less its notice) falls in [first, last]."""
        found = []
        if stem == "call":
            call_status = models.JointCall.Status
            calls = records.exclude(status=call_status.CANCELLED)
            opening = calls.filter(opens_at__gte=_start(first), opens_at__lt=_start(last + ONE_DAY))
            found += [
                self._item("opening", _("Opening"), c, timezone.localtime(c.opens_at))
                for c in opening
            ]
            for days in DEADLINE_NOTICES:
                ahead = datetime.timedelta(days=days)
                due = calls.filter(
                    status__in=[call_status.OPEN, call_status.FORECAST],
                    closes_at__gte=_start(first + ahead),
                    closes_at__lt=_start(last + ahead + ONE_DAY),
                )
                label = _("Deadline in %(n)d days") % {"n": days}
                found += [
                    self._item("deadline", label, c, timezone.localtime(c.closes_at)) for c in due
                ]
        elif stem == "agreement":
            ahead = datetime.timedelta(days=schedule.EXPIRY_REMINDER_DAYS)
            expiring = records.live().filter(
                valid_until__gte=first + ahead, valid_until__lte=last + ahead
            )
            label = _("Expires in %(n)d days") % {"n": schedule.EXPIRY_REMINDER_DAYS}
            found += [self._item("expiring", label, a, a.valid_until) for a in expiring]
        elif stem == "working_group":
            ahead = datetime.timedelta(days=schedule.DUE_SOON_DAYS)
            label = _("Review due in %(n)d days") % {"n": schedule.DUE_SOON_DAYS}
            for group in records:
                # for_list() holds the last meeting held that is published: the public's view.
                due = group.next_review_due
                if schedule.falls_due_between(due, first + ahead, last + ahead):
                    found.append(self._item("review_due", label, group, due))
        return found


# -- sending ---------------------------------------------------------------------------------


@dataclass
class Digest:
    subscriber: AlertSubscriber
    day: datetime.date
    sections: list  # (description, window, items)
    alerts: list  # (alert, last news day) to mark covered

    @property
    def count(self) -> int:
        return sum(len(items) for _d, _w, items in self.sections)


def digest_for(subscriber, day, selection: Selection) -> Digest:
    sections, alerts, seen = [], [], set()
    with translation.override(subscriber.language):
        for alert in subscriber.alerts.all():
            span = window(alert, day) if alert.is_confirmed else None
            if span is None:
                continue
            alerts.append((alert, span[1]))
            items = [i for i in selection.items(alert, *span) if i.key not in seen]
            seen.update(i.key for i in items)
            if items:
                sections.append((describe(alert), span, items))
    return Digest(subscriber, day, sections, alerts)


def message_for(digest: Digest, connection=None) -> EmailMultiAlternatives:
    subscriber = digest.subscriber
    with translation.override(subscriber.language):
        # In the subscriber's language, so its links are its pages (/hi/alerts/... in Hindi).
        context = {"digest": digest, "sections": digest.sections, **links(subscriber)}
        context["language"] = subscriber.language
        subject = _("Registry alerts: %(n)d new item(s)") % {"n": digest.count}
        text = render_to_string("registry/alerts/email/digest.txt", context)
        html = render_to_string("registry/alerts/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class Report:
    sent: list = field(default_factory=list)  # (email, items)
    nothing_new: int = 0
    failed: list = field(default_factory=list)
    pruned: int = 0


def due_subscribers(day: datetime.date):
    """Addresses with a confirmed alert and no e-mail yet for `day`, a batch at a time (by
    id, so memory stays bounded however many there are)."""
    waiting = (
        AlertSubscriber.objects.filter(alerts__confirmed_at__isnull=False)
        .exclude(logs__day=day)
        .distinct()
        .order_by("pk")
    )
    last = 0
    while True:
        batch = list(waiting.filter(pk__gt=last).prefetch_related("alerts")[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def send_alerts(day: datetime.date, dry_run: bool = False) -> Report:
    """One e-mail per address with news for `day`; a batch of addresses per SMTP connection."""
    report = Report()
    if not dry_run:
        report.pruned = prune()
    selection = Selection()
    for batch in due_subscribers(day):
        digests = [digest_for(subscriber, day, selection) for subscriber in batch]
        if dry_run:
            report.sent += [(d.subscriber.email, d.count) for d in digests if d.count]
            continue
        with get_connection() as connection:
            for digest in digests:
                _send_once(digest, connection, report)
    return report


def _send_once(digest: Digest, connection, report: Report) -> None:
    # The log row, the covered days and the mail stand or fall together: a failed send
    # changes nothing (the next run retries), and a run that logged first makes this skip.
    try:
        with transaction.atomic():
            if digest.count:
                AlertLog.objects.create(
                    subscriber=digest.subscriber, day=digest.day, items=digest.count
                )
            for alert, last in digest.alerts:
                Alert.objects.filter(pk=alert.pk).update(covered_through=last)
            if digest.count:
                message_for(digest, connection).send()
    except IntegrityError:
        return
    except Exception as error:  # SMTP refused this address: the others still go
        report.failed.append((digest.subscriber.email, str(error)))
        return
    if digest.count:
        report.sent.append((digest.subscriber.email, digest.count))
    else:
        report.nothing_new += 1
