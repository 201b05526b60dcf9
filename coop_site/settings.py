"""Settings for the S&T Cooperation Registry: one module, read from the environment.

DEBUG, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL come from the environment. Without
DATABASE_URL the registry runs on SQLite (db.sqlite3 beside manage.py). PRODUCTION=1 turns on
the secure defaults (docs/deploy.md lists every variable); development and tests keep plain
HTTP. Each setting is written once, so the file reads top to bottom: what is optional (the
read replica, a CDN for static files) is an expression in place, not a later edit.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from coop_site.env import cache_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- The environment ----------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
PRODUCTION = env_bool("PRODUCTION", False)
if PRODUCTION and SECRET_KEY.startswith("dev-only-"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment when PRODUCTION=1.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A PostgreSQL read replica: anonymous public reads go there (coop_site/db_router.py). Its
# database, router and middleware exist only when this is set.
_replica_url = env_str("DATABASE_REPLICA_URL")
# A hello-world URL for bench/run.py (the throughput ceiling); off unless BENCH_HELLO=1.
BENCH_HELLO = env_bool("BENCH_HELLO", False)

# --- Applications -------------------------------------------------------------------------
# Where two apps ship a template or a management command of the same name, the first wins.
INSTALLED_APPS = [
    # django.contrib.admin, with the registry's AdminSite as admin.site.
    "registry.apps.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: its `runserver` wins, and leaves static files to WhiteNoise.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "simple_history",
    "registry",
    # Security: the Content Security Policy and the admin lockout.
    "csp",
    "axes",
    # The REST API (/api/) and open data (/data/).
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Staff workspace: import and export in the admin.
    "import_export",
    # Staff two-factor login (registry/admin/twofactor.py): TOTP devices, and the static
    # tokens that serve as one-time recovery codes. Their admin pages let a superuser remove
    # a lost device.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

# --- Middleware ---------------------------------------------------------------------------
# A request passes down this list and its response back up it, so the order is a security
# property: each comment says what a middleware must come before or after, and why.
# The public page cache (registry/views/page_cache.py) is filled by PageCacheMixin inside the
# view, after sessions, CSRF and authentication (it must tell staff from anonymous readers and
# give each reader their own CSRF token). PageCacheMiddleware serves its hits to readers with
# no session or messages cookie before everything else, with the headers the whole stack gave
# the same request (recorded per process), and the reader's own CSRF token.
MIDDLEWARE = [
    # First: load balancers probe /healthz by IP address over plain HTTP, so it answers
    # before the HTTPS redirect (SecurityMiddleware) and host validation (CommonMiddleware).
    "coop_site.health.HealthCheckMiddleware",
    # Before anything that reads the database (sessions, authentication, axes, views): it
    # decides per request whether reads may go to the replica.
    *(["coop_site.db_router.ReplicaRoutingMiddleware"] if _replica_url else []),
    # Before everything else a hit for a reader without session or messages cookie does not
    # need: it answers with the headers the whole stack below gave the same request (HSTS,
    # CSP, Content-Language, Vary, ...), recorded the first time; an address the stack
    # redirects (HTTPS, APPEND_SLASH) or refuses (a disallowed host) never gets a record.
    # After ReplicaRoutingMiddleware: the hit reads the data version from the database its
    # page was read from (the replica's token matches the replica's rows; a token read from
    # the primary could key the replica's older rows). Every middleware after it is named
    # in its UNDERSTOOD, or the site does not start.
    "registry.views.page_cache.PageCacheMiddleware",
    # Security headers (HSTS, nosniff, referrer policy) and the HTTPS redirect: as early as
    # possible, so every response carries them and no plain-HTTP request reaches a view.
    "django.middleware.security.SecurityMiddleware",
    # The CSP header (django-csp, relaxed for the Swagger UI only): right after
    # SecurityMiddleware and before WhiteNoise, so static files and early answers carry it.
    "coop_site.security.CSPMiddleware",
    # WhiteNoise serves static files and stops there: after the header middleware above (so
    # static responses carry their headers), before everything else (they need no session).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware and before CommonMiddleware (Django's documented order):
    # CommonMiddleware resolves URLs for APPEND_SLASH with the reader's language active.
    # Django's LocaleMiddleware, with the language read from the address (coop_site/i18n.py).
    "coop_site.i18n.PathLocaleMiddleware",
    # django-cors-headers must answer before CommonMiddleware can redirect or refuse, so
    # those answers carry the CORS headers too. (CORS_URLS_REGEX covers /api/ and /data/
    # only, which WhiteNoise never serves, so it may come after WhiteNoise.)
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before any view code: a forged POST is refused before it is acted upon.
    "django.middleware.csrf.CsrfViewMiddleware",
    # After SessionMiddleware: request.user is read from the session.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after AuthenticationMiddleware, which it needs: it marks request.user as verified
    # when the session holds the device that passed the second factor, and the admin site
    # (RegistryAdminSite.has_permission) refuses staff who are not.
    "django_otp.middleware.OTPMiddleware",
    # After SessionMiddleware: messages wait in the session (or a cookie) between requests.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After AuthenticationMiddleware: history rows record request.user as their author.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Near the end: process_exception runs from the bottom of the list up, so this turns a
    # view's lost database connection into the 503 page before anything else sees it.
    "coop_site.health.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coop_site.urls"
WSGI_APPLICATION = "coop_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Databases and cache ------------------------------------------------------------------
_conn_max_age = env_int("CONN_MAX_AGE", 60)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=_conn_max_age,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Each transaction takes SQLite's write lock when it begins, waiting up to `timeout`
    # seconds for it: a transaction that read first and then wrote would otherwise fail at
    # once with "database is locked" while another process (or a warming thread) writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
if _replica_url:
    DATABASES["replica"] = {
        **dj_database_url.parse(_replica_url, conn_max_age=_conn_max_age),
        # Tests read the replica through the primary's connection: one test database.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["coop_site.db_router.PrimaryReplicaRouter"]
# Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator() on
# PostgreSQL) may outlive its server connection: DISABLE_SERVER_SIDE_CURSORS=1 turns them off.
for _database in DATABASES.values():
    _database["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_KEY_PREFIX lets several sites (or test runs) share one Redis database.
CACHES = {
    "default": {
        **cache_from_url(env_str("CACHE_URL", "locmem://registry")),
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
    }
}

# --- Authentication -----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes: lock a username from an address out of the admin after repeated failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# After a login whose `next` is missing or off-site: the admin index, not /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"
if env_int("PROXY_COUNT", 0):
    # Behind N trusted proxies the client address is in X-Forwarded-For (read by
    # django-ipware, for the lockout and the audit log). ipware counts the proxies listed
    # in the header after the client; the nearest proxy is REMOTE_ADDR, not in the header.
    AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Staff sign in to the admin with a password and then a second factor (a TOTP code or a
# recovery code, registry/admin/twofactor.py). Required in production; REQUIRE_2FA=0 relaxes it
# (development); the tests run without it unless they turn it on.
REGISTRY_REQUIRE_2FA = env_bool("REQUIRE_2FA", PRODUCTION)
# The name an authenticator app shows beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "S&T Cooperation Registry")
# django-otp's device pages show no secret keys or QR codes: a superuser removes a lost device
# there, and its owner enrols a new one at their next login.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The audit log (registry.models.AuditEvent) is kept this many days; CERT-In asks for 180 at
# least, and `manage.py prune_audit_log` refuses less.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)

# --- Languages and time -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Kolkata"
# Times shown to people say their zone ("IST"): coop_site/formats.
FORMAT_MODULE_PATH = ["coop_site.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
# Static files behind a CDN: STATIC_URL=https://cdn.example.org/static/ (the Content Security
# Policy below then also allows that origin).
STATIC_URL = env_str("STATIC_URL", "static/")
STATIC_ROOT = BASE_DIR / "staticfiles"
# In production set STATICFILES_BACKEND to
# whitenoise.storage.CompressedManifestStaticFilesStorage (after collectstatic).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 3600)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "registry@localhost")
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: one file per e-mail.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# E-mail alerts for readers (registry/alerts.py, README "E-mail alerts"): how long a
# confirmation link works (then the unconfirmed sign-up is deleted), and how many sign-ups
# one client address (an hour) and one e-mail address (a day) may ask for.
ALERTS_CONFIRM_DAYS = env_int("ALERTS_CONFIRM_DAYS", 7)
ALERTS_SIGNUPS_PER_IP_PER_HOUR = env_int("ALERTS_SIGNUPS_PER_IP_PER_HOUR", 20)
ALERTS_SIGNUPS_PER_ADDRESS_PER_DAY = env_int("ALERTS_SIGNUPS_PER_ADDRESS_PER_DAY", 5)

# --- Security -----------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", PRODUCTION):
    # Only behind a proxy that sets X-Forwarded-Proto itself (docs/deploy.md, nginx).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env_str("SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
# The language switcher's cookie: no script reads it.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp 4): everything from our own origin, no inline code.
# coop_site.security.CSPMiddleware relaxes style-src for the Swagger UI only.
_static_cdn = (
    ["/".join(STATIC_URL.split("/")[:3])] if STATIC_URL.startswith(("https://", "http://")) else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *_static_cdn],
        "style-src": ["'self'", *_static_cdn],
        "img-src": ["'self'", "data:", *_static_cdn],
        "font-src": ["'self'", *_static_cdn],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSP_RELAXED_STYLE_PREFIXES = ["/api/docs/"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "axes": {"level": env_str("AXES_LOG_LEVEL", "WARNING")},
    },
}

# --- The registry's pages -----------------------------------------------------------------
# Records on a page of a public list and of the API (the API's clients may ask for up to 200).
REGISTRY_PAGE_SIZE = 50
# Whole public pages cached for anonymous readers until a record changes (0 turns it off).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# 0 (the default): each page-cache hit reads the data version from the database, so a change
# made by any process shows at once everywhere. N > 0: a hit served before the rest of the
# stack uses the version its process read less than N seconds ago (a change made through
# another process shows within N seconds; one made through this process at once), saving
# that query (bench/RESULTS.md: it is most of what a hit costs beyond hello-world).
PAGE_CACHE_VERSION_SECONDS = env_int("PAGE_CACHE_VERSION_SECONDS", 0)
# Where such a hit finds the data version. `notify`: each process listens for PostgreSQL's
# notice of each new version and keeps it in memory, so a hit needs no query and a change
# shows everywhere as soon as it commits (registry/version_listener.py; the default on
# PostgreSQL without a read replica). `query`: each hit reads it (as limited by
# PAGE_CACHE_VERSION_SECONDS); for SQLite, a replica, or PgBouncer in transaction mode.
_notify_applies = DATABASES["default"]["ENGINE"].endswith("postgresql") and not _replica_url
PAGE_CACHE_VERSION_SOURCE = env_str(
    "PAGE_CACHE_VERSION_SOURCE", "notify" if _notify_applies else "query"
)
if PAGE_CACHE_VERSION_SOURCE not in {"notify", "query"}:
    raise ImproperlyConfigured("PAGE_CACHE_VERSION_SOURCE must be notify or query")
if PAGE_CACHE_VERSION_SOURCE == "notify" and not _notify_applies:
    raise ImproperlyConfigured(
        "PAGE_CACHE_VERSION_SOURCE=notify needs PostgreSQL without a read replica: use query"
    )
# The site's public address, for links in e-mails sent outside a request (send_reminders).
REGISTRY_BASE_URL = env_str("REGISTRY_BASE_URL", "").rstrip("/")
# The contact page's address.
REGISTRY_CONTACT_EMAIL = env_str("REGISTRY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# /.well-known/security.txt's Contact (a mailto: or https: URI): the contact page's address.
SECURITY_CONTACT = env_str("SECURITY_CONTACT", f"mailto:{REGISTRY_CONTACT_EMAIL}")

# --- REST API (/api/) and open data (/data/) ----------------------------------------------
# Token auth for scripts (tokens are made in the admin or with `manage.py drf_create_token`),
# session auth with CSRF for the browser. Anonymous clients may only read, and are throttled.
REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous write then gets 401 with `WWW-Authenticate: Token`.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["registry.api.permissions.StaffWritesPublicReads"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.RegistryPagination",
    "DEFAULT_SCHEMA_CLASS": "registry.api.schema.RecordSchema",
    "PAGE_SIZE": REGISTRY_PAGE_SIZE,
}
# Requests an hour (or minute, day) one anonymous address may make to the API.
REGISTRY_API_ANON_RATE = env_str("API_ANON_RATE", "1000/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "S&T Cooperation Registry API",
    "DESCRIPTION": (
        "Read-only public access to the published records of India's international science "
        "and technology cooperation. Filters are the same as on the website's lists. Staff "
        "with the model permission may create and update records; new records are drafts."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from drf-spectacular-sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would otherwise send the schema to validator.swagger.io for a badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Several models have a `kind`, `status` or `mode`: name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "PartnerKindEnum": "registry.models.Partner.Kind",
        "AgencyKindEnum": "registry.models.Agency.Kind",
        "FacilityKindEnum": "registry.models.Facility.Kind",
        "AgreementStatusEnum": "registry.models.Agreement.Status",
        "JointCallStatusEnum": "registry.models.JointCall.Status",
        "ReviewStatusEnum": "registry.models.JWGReview.Status",
        "EngagementModeEnum": "registry.models.Engagement.Mode",
        "ReviewModeEnum": "registry.models.JWGReview.Mode",
        "PrecisionEnum": "registry.models.Precision",
        "ProjectStatusEnum": "registry.models.Project.Status",
        "ProjectResultKindEnum": "registry.models.ProjectResult.Kind",
        "TermUnitEnum": "registry.models.agreements.TermUnit",
    },
}
# Read-only CORS: any site may GET the public API and downloads; no cookies cross origins.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|data)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# Where the /data/ downloads are built, once per data version (registry/opendata.py).
REGISTRY_OPENDATA_DIR = env_str("OPENDATA_DIR", str(BASE_DIR / "var" / "opendata"))
# Who builds them, off the request path (registry/builds.py): "thread" (a background thread
# of the web process that sees the data changed; nothing else to run) or "worker" (only
# `manage.py run_worker`). "immediate" builds in the caller: for tests only.
REGISTRY_OPENDATA_BUILDS = env_str("OPENDATA_BUILDS", "thread")
# Who fills the agreement list's facet counts, form and total of each new data version, so
# the first reader after a change finds them cached (registry/warming.py): "thread" (the
# process that made the change, in the background), "worker" (`manage.py run_worker`; needs
# a shared cache), "off". "immediate" warms in the caller: for tests only.
REGISTRY_FACET_WARMING = env_str("FACET_WARMING", "thread")

# --- Staff workspace: import/export ---------------------------------------------------------
# One bad row saves nothing: each import runs in a transaction that is rolled back on error.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing creates records (the 'add' permission); exporting needs only 'view'.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# An import file larger or longer than this is refused with a message on the import page,
# before it is parsed (registry/admin/imports.py). Keep nginx's client_max_body_size above
# the byte limit, so the page, not the proxy, answers. Django's upload settings stay at their
# defaults: a file over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is streamed to a temporary file,
# and DATA_UPLOAD_MAX_MEMORY_SIZE counts only the form's other fields, not the file.
REGISTRY_IMPORT_MAX_BYTES = env_int("REGISTRY_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# 1,000 rows preview in about 20 s (bench/import_preview.py), inside gunicorn's 30 s timeout.
REGISTRY_IMPORT_MAX_ROWS = env_int("REGISTRY_IMPORT_MAX_ROWS", 1_000)

# An agreement signed or in force is "dormant" when nothing is recorded for it (no meeting of
# its working groups, no joint call under it, nor its own start) in this many days: shown on
# its page and listed in the secretariat's tracker.
REGISTRY_DORMANT_AFTER_DAYS = env_int("REGISTRY_DORMANT_AFTER_DAYS", 3 * 365)
