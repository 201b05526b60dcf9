"""Production readiness: deploy checks, security headers, admin lockout, health and 503 page."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from coop_site.env import cache_from_url

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "PRODUCTION": "1",
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "registry.example.org",
    "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
]


def run_with_production_env(*args, **extra_env):
    env = {**os.environ, **PRODUCTION_ENV, **extra_env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The browser tests allow async-unsafe calls in this process; production must not inherit it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def production_settings():
    """The security settings exactly as coop_site.settings computes them with PRODUCTION=1."""
    code = (
        "import json, coop_site.settings as s;"
        f"print(json.dumps({{k: getattr(s, k, None) for k in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_with_production_env("-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def in_production(settings, production_settings):
    for name, value in production_settings.items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    settings.CONTENT_SECURITY_POLICY = production_settings["CONTENT_SECURITY_POLICY"]
    return settings


@pytest.mark.django_db(transaction=False)
def test_the_deploy_check_gives_no_warnings_under_the_production_environment():
    result = run_with_production_env("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_with_the_development_secret_key():
    result = run_with_production_env(
        "-c", "import coop_site.settings", SECRET_KEY="dev-only-insecure-key-change-me"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_production_response_carries_hsts_csp_and_a_referrer_policy(client, in_production):
    response = client.get(reverse("registry:home"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "img-src 'self' data:" in csp
    assert "unsafe-inline" not in csp


def test_production_redirects_plain_http_to_https(client, in_production):
    response = client.get(reverse("registry:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_the_proxy_header_marks_a_request_as_https(client, in_production):
    # A plain-HTTP request as the proxy passes it on: only the header says it came over HTTPS.
    response = client.get(reverse("registry:home"), headers={"x-forwarded-proto": "https"})
    assert response.wsgi_request.is_secure()
    assert response.status_code == 200  # not redirected to https://
    assert response["Strict-Transport-Security"]  # sent on secure requests only


def test_without_the_proxy_setting_the_header_is_ignored(client, in_production):
    # Anyone can send the header: it counts only when a trusted proxy is declared.
    in_production.SECURE_PROXY_SSL_HEADER = None
    response = client.get(reverse("registry:home"), headers={"x-forwarded-proto": "https"})
    assert not response.wsgi_request.is_secure()
    assert response.status_code == 301


# (earlier, later): the middleware order coop_site/settings.py's comments give reasons for.
MIDDLEWARE_ORDER = [
    ("coop_site.health.HealthCheckMiddleware", "django.middleware.security.SecurityMiddleware"),
    ("django.middleware.security.SecurityMiddleware", "coop_site.security.CSPMiddleware"),
    ("coop_site.security.CSPMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"),
    (
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
    ),
    # Cached pages are served right after the health check, with the headers recorded from
    # the whole stack below (security, CSP, language, ...).
    ("coop_site.health.HealthCheckMiddleware", "registry.views.page_cache.PageCacheMiddleware"),
    (
        "registry.views.page_cache.PageCacheMiddleware",
        "django.middleware.security.SecurityMiddleware",
    ),
    (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "coop_site.i18n.PathLocaleMiddleware",
    ),
    ("coop_site.i18n.PathLocaleMiddleware", "django.middleware.common.CommonMiddleware"),
    ("corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"),
    (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ),
    (
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "simple_history.middleware.HistoryRequestMiddleware",
    ),
]


def test_the_middleware_keeps_its_documented_order(settings):
    order = settings.MIDDLEWARE
    for earlier, later in MIDDLEWARE_ORDER:
        assert order.index(earlier) < order.index(later), f"{earlier} must come before {later}"
    assert order[0] == "coop_site.health.HealthCheckMiddleware"
    assert order[-1] == "axes.middleware.AxesMiddleware"  # django-axes requires last
    assert "coop_site.db_router.ReplicaRoutingMiddleware" not in order


def test_a_read_replica_routes_requests_before_anything_reads_the_database():
    code = "import json, coop_site.settings as s; print(json.dumps(s.MIDDLEWARE[:3]))"
    result = run_with_production_env("-c", code, DATABASE_REPLICA_URL="postgres://r@replica/db")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "coop_site.health.HealthCheckMiddleware",
        "coop_site.db_router.ReplicaRoutingMiddleware",
        # The fast path's hit reads the data version from the database its page came from.
        "registry.views.page_cache.PageCacheMiddleware",
    ]


def test_behind_pgbouncer_server_side_cursors_can_be_turned_off_for_every_database():
    code = (
        "import json, coop_site.settings as s;"
        "print(json.dumps({k: v['DISABLE_SERVER_SIDE_CURSORS'] for k, v in s.DATABASES.items()}))"
    )
    replica = {"DATABASE_REPLICA_URL": "postgres://r@replica/db"}
    off = run_with_production_env("-c", code, DISABLE_SERVER_SIDE_CURSORS="1", **replica)
    assert off.returncode == 0, off.stderr
    assert json.loads(off.stdout) == {"default": True, "replica": True}
    default = run_with_production_env("-c", code, **replica)
    assert json.loads(default.stdout) == {"default": False, "replica": False}


def test_production_cookies_are_secure(production_settings):
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True


def test_only_the_api_docs_may_use_inline_styles_and_never_inline_scripts(client):
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs
    assert "script-src 'self';" in docs + ";"
    home = client.get(reverse("registry:home"))["Content-Security-Policy"]
    assert "unsafe-inline" not in home


def test_the_admin_locks_out_after_repeated_failed_logins(client, superuser, settings):
    login = reverse("admin:login")
    wrong = {"username": superuser.username, "password": "wrong", "next": "/admin/"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(login, wrong).status_code == 200  # the form again, with an error
    locked = client.post(login, wrong)
    assert locked.status_code == 429
    # Even the right password is refused while locked out.
    right = {**wrong, "password": "pw-admin-1"}
    assert client.post(login, right).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_login_before_the_limit_still_works(client, superuser):
    login = reverse("admin:login")
    client.post(login, {"username": superuser.username, "password": "wrong", "next": "/admin/"})
    ok = client.post(
        login, {"username": superuser.username, "password": "pw-admin-1", "next": "/admin/"}
    )
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(superuser.pk)


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_probes_by_ip_address_over_plain_http(client, in_production):
    response = client.get("/healthz", headers={"host": "10.0.0.7"})
    assert response.status_code == 200


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response["Retry-After"]


def test_a_lost_database_gives_a_503_page_not_a_traceback(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get(reverse("registry:agreement_list"))
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert response["Retry-After"]


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("locmem://registry", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://cache:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_the_cache_comes_from_a_cache_url(url, backend):
    assert cache_from_url(url)["BACKEND"] == backend


def test_the_redis_location_is_the_whole_url():
    assert cache_from_url("redis://cache:6379/1")["LOCATION"] == "redis://cache:6379/1"


def test_an_unknown_cache_scheme_is_refused():
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_from_url("memcached://x")


def test_the_benchmark_hello_view_is_not_routed_by_default(client):
    assert client.get("/bench/hello").status_code == 404


def test_a_cdn_static_url_is_allowed_by_the_content_security_policy():
    code = (
        "import json, coop_site.settings as s;"
        "print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src']))"
    )
    result = run_with_production_env("-c", code, STATIC_URL="https://cdn.example.org/static/")
    assert json.loads(result.stdout) == ["'self'", "https://cdn.example.org"]


@pytest.mark.parametrize(
    ("method", "path", "cookies", "headers", "database"),
    [
        ("GET", "/agreements/", {}, {}, "replica"),
        ("HEAD", "/api/v1/agreements/", {}, {}, "replica"),
        ("POST", "/api/v1/agreements/", {}, {}, "default"),
        ("GET", "/admin/registry/agreement/", {}, {}, "default"),
        ("GET", "/agreements/", {"sessionid": "x"}, {}, "default"),
        # A script with an API token reads back its own writes.
        ("GET", "/api/v1/agreements/", {}, {"Authorization": "Token x"}, "default"),
    ],
)
def test_anonymous_public_reads_go_to_the_replica_and_the_rest_to_the_primary(
    rf, method, path, cookies, headers, database
):
    from coop_site.db_router import PrimaryReplicaRouter, ReplicaRoutingMiddleware

    seen = {}

    def view(request):
        seen["read"] = PrimaryReplicaRouter().db_for_read(None)
        seen["write"] = PrimaryReplicaRouter().db_for_write(None)

    request = rf.generic(method, path, headers=headers)
    request.COOKIES.update(cookies)
    ReplicaRoutingMiddleware(view)(request)
    assert seen == {"read": database, "write": "default"}
    # Outside a request (commands, shells) everything reads from the primary.
    assert PrimaryReplicaRouter().db_for_read(None) == "default"
