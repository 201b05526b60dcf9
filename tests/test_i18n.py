"""The Hindi interface: language switcher, translated strings, `lang`, a complete catalogue."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.helpers import reverse_in

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "hi" / "LC_MESSAGES"


def test_the_switcher_posts_to_set_language_with_a_label_and_language_names_in_their_own_language(
    client,
):
    html = client.get(reverse("registry:help")).content.decode()

    assert f'action="{reverse("set_language")}" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="language-select">Language</label>' in html
    assert '<option value="hi" lang="hi">हिंदी</option>' in html
    assert '<option value="en" lang="en" selected>English</option>' in html


def test_choosing_hindi_sets_the_language_and_leads_to_the_same_page_in_hindi(client):
    response = client.post(reverse("set_language"), {"language": "hi", "next": "/charts/"})

    assert response.status_code == 302
    assert response["Location"] == "/hi/charts/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"
    html = client.get("/hi/charts/").content.decode()
    assert '<html lang="hi"' in html
    # The old address now leads there too, for this reader.
    assert client.get("/charts/")["Location"] == "/hi/charts/"


def test_an_unknown_language_is_refused_without_an_error(client):
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/help/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_set_language_does_not_redirect_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "hi", "next": "https://evil.example/"}
    )

    # The home page instead, in the language chosen.
    assert response["Location"] == "/hi/"


def test_the_layout_is_in_hindi_with_html_lang_hi(hindi):
    html = hindi.get(reverse_in("hi", "registry:help")).content.decode()

    assert '<html lang="hi"' in html
    assert "मुख्य सामग्री पर जाएँ" in html  # skip link
    assert "समझौते" in html and "साझेदार" in html and "चार्ट" in html  # navigation
    assert "सुगम्यता विवरण" in html  # footer
    assert "Skip to main content" not in html
    # The language names keep their own language and script.
    assert '<option value="en" lang="en">English</option>' in html


@pytest.mark.parametrize(
    ("name", "hindi_heading"),
    [
        ("accessibility", "सुगम्यता विवरण"),
        ("help", "सहायता"),
        ("contact", "संपर्क"),
        ("privacy", "गोपनीयता"),
        ("terms", "उपयोग की शर्तें"),
        ("charts", "चार्ट"),
    ],
)
def test_each_of_my_pages_renders_its_heading_in_hindi(hindi, name, hindi_heading):
    html = hindi.get(reverse_in("hi", f"registry:{name}")).content.decode()

    assert f"<h1>{hindi_heading}</h1>" in html


@pytest.mark.parametrize(
    "url_name",
    [
        "home",
        "agreement_list",
        "call_list",
        "partner_list",
        "area_list",
        "facility_list",
        "review_list",
    ],
)
def test_every_public_list_renders_in_hindi(hindi, url_name):
    response = hindi.get(reverse_in("hi", f"registry:{url_name}"))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="hi"' in html
    assert "मुख्य सामग्री पर जाएँ" in html
    assert "(descending)" not in html


def test_sort_options_say_descending_in_the_page_language(hindi):
    url = reverse("registry:agreement_list")
    assert "Title (descending)</option>" in Client().get(url).content.decode()
    html = hindi.get(reverse_in("hi", "registry:agreement_list")).content.decode()
    assert '<option value="signed">हस्ताक्षरित</option>' in html
    assert '<option value="-signed">हस्ताक्षरित (घटते क्रम में)</option>' in html


def test_the_charts_page_translates_its_notes_with_plurals(hindi):
    f.make_agreement(signed_on=None)
    f.make_agreement(signed_on=None)

    html = hindi.get(reverse_in("hi", "registry:charts")).content.decode()

    assert "2 समझौतों की हस्ताक्षर तिथि ज्ञात नहीं है" in html


def test_record_data_stays_as_entered_in_the_hindi_interface(hindi):
    partner = f.make_partner(name="Republic of Korea", slug="korea")
    f.make_engagement(partner=partner, area=f.make_area(name="Clean energy"))

    html = hindi.get(reverse_in("hi", "registry:charts")).content.decode()

    assert "Republic of Korea" in html and "Clean energy" in html


def po_entries() -> list[str]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if "msgid" in block][1:]  # [0] is the header


def test_the_catalogue_has_no_fuzzy_or_empty_translation():
    entries = po_entries()
    fuzzy = [e for e in entries if re.search(r"^#,.*\bfuzzy\b", e, re.M)]
    # An empty msgstr has no continuation line; a wrapped one starts with "" and goes on.
    empty = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]

    assert len(entries) > 300
    assert fuzzy == []
    assert empty == []


def test_the_compiled_catalogue_matches_the_source_catalogue():
    with open(LOCALE / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    compiled = {key[0] if isinstance(key, tuple) else key for key in catalog} - {""}

    assert len(compiled) == len(po_entries())


TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(?:"([^"]+)"|'([^']+)')""")
GETTEXT_CALL = re.compile(r"""\b_\(\s*"([^"]+)"\s*\)""")


def interface_strings() -> set[str]:
    """Strings marked in the templates ({% translate %}) and in the public views (_())."""
    base = Path(settings.BASE_DIR)
    found = set()
    for template in [*base.glob("registry/templates/**/*.html"), *base.glob("templates/*.html")]:
        for match in TRANSLATE_TAG.finditer(template.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    for module in [
        *base.glob("registry/views/*.py"),
        base / "registry" / "catalogue.py",
    ]:
        found.update(GETTEXT_CALL.findall(module.read_text(encoding="utf-8")))
    return found


def test_every_interface_string_of_the_templates_and_views_has_a_hindi_translation():
    with open(LOCALE / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    # makemessages stores a "%" of a {% translate %} string doubled, as in a format string.
    missing = sorted(
        s for s in interface_strings() if s not in catalog and s.replace("%", "%%") not in catalog
    )

    assert len(interface_strings()) > 100
    assert missing == [], "run makemessages -l hi, translate, then compilemessages"
