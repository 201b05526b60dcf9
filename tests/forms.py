"""Submit a page's form as a browser would: what the rendered HTML holds, nothing more.

Tests of pages post back the inputs, selects, textareas and inline management forms parsed
from the response's HTML (with lxml), following the HTML form-submission rules; never a dict
built from the form class, so a field the page does not render is not sent.
"""

from urllib.parse import urljoin

import lxml.html

SAVE = ("_save", "Save")


def page_form(response, form_id: str | None = None):
    """The `<form>` with `form_id` parsed from `response`; without an id, the page's largest
    POST form (an admin page also holds the small log-out form)."""
    assert response.status_code == 200, response.status_code
    document = lxml.html.fromstring(response.content.decode())
    forms = [f for f in document.forms if (f.method or "").upper() == "POST"]
    if form_id is not None:
        forms = [f for f in forms if f.get("id") == form_id]
    assert forms, f"no POST form {form_id or ''} on the page"
    return max(forms, key=lambda form: len(form.inputs))


def form_fields(form) -> dict[str, list[str]]:
    """The name → values a browser sends for the form as rendered (no submit button pressed).

    The HTML rules: disabled controls, unticked boxes and buttons send nothing; a text input
    without a value sends ""; a single select without a selected option sends its first
    option; a textarea drops the one newline that follows its start tag and sends its line
    breaks as CR LF.
    """
    values: dict[str, list[str]] = {}
    for element in form.inputs:
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        for value in _sent(element):
            values.setdefault(name, []).append(value)
    return values


def _sent(element) -> list[str]:
    if element.tag == "textarea":
        text = element.text or ""
        text = text[1:] if text.startswith("\n") else text
        return [text.replace("\r\n", "\n").replace("\n", "\r\n")]  # browsers send CR LF
    if element.tag == "select":
        options = element.xpath(".//option[not(@disabled)]")
        chosen = [o for o in options if o.get("selected") is not None]
        if not chosen and element.get("multiple") is None and options:
            chosen = options[:1]
        return [o.get("value", o.text_content()) for o in chosen]
    kind = (element.get("type") or "text").lower()
    if kind in ("submit", "image", "reset", "file", "button"):
        return []
    if kind in ("checkbox", "radio"):
        return [element.get("value", "on")] if element.get("checked") is not None else []
    return [element.get("value", "")]


def submit(client, response, changes=None, *, form_id=None, button=SAVE, files=None):
    """POST the rendered form back to its action, with `changes` applied (name → value or
    list of values; None removes a field), the `button` pressed and `files` attached."""
    form = page_form(response, form_id)
    data = form_fields(form)
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if button:
        data[button[0]] = [button[1]]
    data.update(files or {})
    url = urljoin(response.wsgi_request.get_full_path(), form.get("action") or "")
    return client.post(url, data)


def has_field(response, name: str, form_id: str | None = None) -> bool:
    return name in {input_.name for input_ in page_form(response, form_id).inputs}


def rendered_data(response, form_id: str | None = None) -> dict[str, list[str]]:
    """What a browser would post back for the page's form, unchanged."""
    return form_fields(page_form(response, form_id))


def log_in(client, username, password, next_url=None, **headers):
    """Log in through the admin's login form as the page renders it; `next_url` as a browser
    would carry it in the query."""
    from django.urls import reverse

    query = {"next": next_url} if next_url else {}
    page = client.get(reverse("admin:login"), query, headers=headers)
    changes = {"username": username, "password": password}
    return submit(client, page, changes, form_id="login-form", button=None)


def filter_form_fields(response, form_class: str = "filter-form", tick=()) -> dict:
    """What a browser sends for the page's GET form of `form_class` (a list's filters), with
    the rendered checkboxes whose (name, value) is in `tick` ticked first."""
    document = lxml.html.fromstring(response.content.decode())
    form = document.xpath(f'//form[contains(concat(" ", @class, " "), " {form_class} ")]')[0]
    for name, value in tick:
        boxes = form.xpath(f'.//input[@type="checkbox"][@name="{name}"][@value="{value}"]')
        assert boxes, f"no {name}={value} box on the page"
        boxes[0].set("checked", "checked")
    return form_fields(form), urljoin(response.wsgi_request.path, form.get("action") or "")
