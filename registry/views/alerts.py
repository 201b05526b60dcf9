"""E-mail alerts: ask for one, confirm it, manage or cancel them (registry/alerts.py).

No account: the signed links in the e-mails are the reader's only key. Bad input (an invalid
address, a filter the list refuses, a tampered or expired link) gets a page saying so with a
4xx status; asking too often gets a 429.
"""

from django import forms
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from registry import alerts
from registry.models import Alert

TEMPLATES = "registry/alerts/"


class AlertForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=Alert.Frequency.choices,
        initial=Alert.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )


def _bad_link(request, error: alerts.BadLink):
    return render(request, TEMPLATES + "bad_link.html", {"message": str(error)}, status=400)


def _target(stem: str, record_id):
    """The record type, and the followed record (published), or 404."""
    record_type = alerts.alertable(stem)
    if record_type is None:
        raise Http404
    record = None
    if record_id is not None:
        record = alerts.followed_record(stem, record_id)
        if record is None:
            raise Http404
    return record_type, record


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, stem: str, record_id: int | None = None):
    """The form: what the alert will carry, an address and how often."""
    record_type, record = _target(stem, record_id)
    query = "" if record is not None else alerts.clean_query(request.META.get("QUERY_STRING", ""))
    if record is None:
        fs = alerts.filterset(stem, query)
        if len(query) > Alert._meta.get_field("query").max_length:
            fs.is_valid()
            fs.form.add_error(None, _("The filter is too long to follow by e-mail."))
        if not fs.is_valid():
            context = {"record_type": record_type, "filter": fs}
            return render(request, TEMPLATES + "bad_filter.html", context, status=400)
        description = alerts.describe_filter(stem, query, fs)
        back = record_type_url(record_type, query)
    else:
        description = alerts.describe(Alert(stem=stem, record_id=record.pk))
        back = record.get_absolute_url()
    form = AlertForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            email = alerts.normalise(form.cleaned_data["email"])
            if alerts.throttled(request, email):
                return render(request, TEMPLATES + "throttled.html", status=429)
            try:
                alerts.sign_up(
                    request,
                    email,
                    form.cleaned_data["frequency"],
                    stem,
                    query=query,
                    record_id=record.pk if record is not None else None,
                )
            except alerts.NotSent:
                return render(request, TEMPLATES + "not_sent.html", status=503)
            return redirect("registry:alert_check_email")
        status = 400
    context = {
        "form": form,
        "record_type": record_type,
        "record": record,
        "description": description,
        "kinds": alerts.news_kinds(stem, record is not None),
        "back_url": back,
        "days": alerts.confirm_days(),
    }
    return render(request, TEMPLATES + "subscribe.html", context, status=status)


def record_type_url(record_type, query: str) -> str:
    url = reverse(f"registry:{record_type.stem}_list")
    return f"{url}?{query}" if query else url


def check_email(request):
    return render(request, TEMPLATES + "check_email.html", {"days": alerts.confirm_days()})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    """GET says what the alert carries and asks; POST confirms (a link checker that opens
    the link confirms nothing)."""
    try:
        alert = alerts.alert_for(token)
    except alerts.BadLink as error:
        return _bad_link(request, error)
    context = {
        "alert": alert,
        "description": alerts.describe(alert),
        "kinds": alerts.news_kinds(alert.stem, alert.record_id is not None),
        **alerts.links(alert.subscriber, request),
    }
    if request.method == "POST" or alert.is_confirmed:
        alerts.confirm(alert)
        return render(request, TEMPLATES + "confirmed.html", context)
    return render(request, TEMPLATES + "confirm.html", context)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """RFC 8058: a POST to this URL unsubscribes at once, with no login and no CSRF token
    (mail programs send `List-Unsubscribe=One-Click`); a GET shows a button that does."""
    try:
        subscriber = alerts.subscriber_for(token)
    except alerts.BadLink as error:
        if request.method == "POST" and _signed(token):
            # Already unsubscribed: a second click is no error.
            return render(request, TEMPLATES + "unsubscribed.html")
        return _bad_link(request, error)
    if request.method == "POST":
        alerts.cancel(subscriber)
        return render(request, TEMPLATES + "unsubscribed.html")
    context = {"subscriber": subscriber, "count": subscriber.alerts.count()}
    return render(request, TEMPLATES + "unsubscribe.html", context)


def _signed(token: str) -> bool:
    try:
        signing.loads(token, salt=alerts.MANAGE_SALT)
    except signing.BadSignature:
        return False
    return True


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token: str):
    """Every alert of the address, confirmed or waiting, each with a button to cancel it."""
    try:
        subscriber = alerts.subscriber_for(token)
    except alerts.BadLink as error:
        return _bad_link(request, error)
    if request.method == "POST":
        raw = request.POST.get("alert", "")
        if raw == "all":
            alerts.cancel(subscriber)
            return render(request, TEMPLATES + "unsubscribed.html")
        if not raw.isdigit() or not subscriber.alerts.filter(pk=raw).exists():
            context = {"message": _("That alert does not exist (it may be cancelled already).")}
            return render(request, TEMPLATES + "bad_link.html", context, status=400)
        if alerts.cancel(subscriber, int(raw)):
            return render(request, TEMPLATES + "unsubscribed.html")
        return redirect("registry:alert_manage", token=token)
    rows = [
        {
            "alert": alert,
            "description": alerts.describe(alert),
            "kinds": alerts.news_kinds(alert.stem, alert.record_id is not None),
        }
        for alert in subscriber.alerts.all()
    ]
    context = {"subscriber": subscriber, "rows": rows, **alerts.links(subscriber, request)}
    return render(request, TEMPLATES + "manage.html", context)
