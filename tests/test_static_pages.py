"""Information pages: accessibility statement, help, contact, privacy, terms; the shared layout."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["accessibility", "help", "contact", "privacy", "terms"]


@pytest.mark.parametrize("name", PAGES)
def test_each_information_page_renders_with_one_heading_and_no_queries(
    client, django_assert_num_queries, name
):
    # Fixed text: no database query at all.
    with django_assert_num_queries(0):
        response = client.get(reverse(f"registry:{name}"))

    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("name", PAGES)
def test_the_footer_links_every_information_page(client, name):
    html = client.get(reverse("registry:terms")).content.decode()

    assert f'href="{reverse(f"registry:{name}")}"' in html


def test_the_footer_links_the_open_data_page_and_the_api_documentation(client):
    html = client.get(reverse("registry:help")).content.decode()

    assert 'href="/data/"' in html and 'href="/api/docs/"' in html


def test_the_accessibility_statement_names_its_target_testing_limits_and_contact(client):
    html = client.get(reverse("registry:accessibility")).content.decode()

    assert "WCAG" in html and "2.1" in html and "AA" in html
    assert "axe-core" in html
    assert "Known limitations" in html
    assert f'href="{reverse("registry:contact")}"' in html


def test_the_contact_page_shows_the_configured_address(client, settings):
    settings.REGISTRY_CONTACT_EMAIL = "sti-registry@example.gov.in"

    html = client.get(reverse("registry:contact")).content.decode()

    assert 'href="mailto:sti-registry@example.gov.in"' in html


def test_the_privacy_page_lists_the_cookies_the_site_sets(client):
    html = client.get(reverse("registry:privacy")).content.decode()

    for cookie in ["django_language", "csrftoken", "sessionid"]:
        assert cookie in html


def test_the_layout_has_a_skip_link_landmarks_and_the_main_navigation(client):
    html = client.get(reverse("registry:help")).content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    for name in ["agreement_list", "call_list", "partner_list", "area_list", "facility_list"]:
        assert f'href="{reverse(f"registry:{name}")}"' in html
    assert f'href="{reverse("registry:charts")}"' in html
    assert 'role="search"' in html and 'name="q"' in html


def test_the_layout_marks_the_current_section_in_the_navigation(client):
    html = client.get(reverse("registry:charts")).content.decode()

    assert f'<a href="{reverse("registry:charts")}" aria-current="page">' in html


def test_the_layout_loads_only_local_css_and_no_inline_style_or_script(client):
    html = client.get(reverse("registry:terms")).content.decode()

    assert 'href="/static/registry/css/site.css"' in html
    assert 'media="print"' in html
    assert "<script" not in html
    assert "style=" not in html and "<style" not in html
    # Absolute addresses of the site itself only: its canonical and alternate links.
    own = html.replace('href="http://testserver/', "")
    assert "http://" not in own.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_the_print_stylesheet_hides_navigation_and_filters():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("registry/css/print.css")).read_text(encoding="utf-8")

    for selector in [".site-nav", ".filters", ".filter-form", ".pagination", ".language-switcher"]:
        assert selector in css


def test_the_stylesheet_styles_sample_and_draft_badges_and_visible_focus():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("registry/css/site.css")).read_text(encoding="utf-8")

    assert ".badge-sample" in css and ".badge-draft" in css
    assert ":focus-visible" in css


def test_the_layout_shows_messages(client, rf):
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.template.loader import render_to_string

    request = rf.get("/help/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.warning(request, "Filter value not understood")

    html = render_to_string("registry/pages/help.html", request=request)

    assert 'class="message message-warning"' in html
    assert "Filter value not understood" in html


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("--text", "#ffffff"),
        ("--muted", "#ffffff"),
        ("--muted", "--panel"),
        ("--link", "#ffffff"),
        ("--link", "--panel"),
        ("--link-visited", "#ffffff"),
        ("#ffffff", "--brand"),
        ("#ffffff", "--brand-dark"),
        ("--focus-text", "--focus"),
        ("--sample-text", "--sample-bg"),
        ("--draft-text", "--draft-bg"),
        ("--ok-text", "--ok-bg"),
        ("--error-text", "--error-bg"),
    ],
)
def test_the_stylesheet_colour_pairs_meet_wcag_aa_contrast_for_text(foreground, background):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("registry/css/site.css")).read_text(encoding="utf-8")
    colours = dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{6})", css))

    def resolve(name):
        return colours[name] if name.startswith("--") else name

    assert _contrast(resolve(foreground), resolve(background)) >= 4.5
