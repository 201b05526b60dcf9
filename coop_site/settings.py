"""Settings for the S&T Cooperation Registry: one module, read from the environment.

DEBUG, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL come from the environment. Without
DATABASE_URL the registry runs on SQLite (db.sqlite3 beside manage.py).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from coop_site.env import cache_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, with the registry's AdminSite as admin.site.
    "registry.apps.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "simple_history",
    "registry",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Kolkata"
# Times shown to people say their zone ("IST"): coop_site/formats.
FORMAT_MODULE_PATH = ["coop_site.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "registry@localhost")

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}

REGISTRY_PAGE_SIZE = 50
# Whole public pages cached for anonymous readers until a record changes (0 turns it off).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# The site's public address, for links in e-mails sent outside a request (send_reminders).
REGISTRY_BASE_URL = env_str("REGISTRY_BASE_URL", "").rstrip("/")

# --- Production, security and reliability -------------------------------------------------
# Everything below is driven by the environment; PRODUCTION=1 turns on the secure defaults
# (docs/deploy.md lists every variable). Development and tests keep plain HTTP.
PRODUCTION = env_bool("PRODUCTION", False)
if PRODUCTION and SECRET_KEY.startswith("dev-only-"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment when PRODUCTION=1.")

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
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp 4): everything from our own origin, no inline code.
# coop_site.security.CSPMiddleware relaxes style-src for the Swagger UI only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSP_RELAXED_STYLE_PREFIXES = ["/api/docs/"]
# Static files behind a CDN: STATIC_URL=https://cdn.example.org/static/ also allows that origin.
STATIC_URL = env_str("STATIC_URL", STATIC_URL)
if STATIC_URL.startswith(("https://", "http://")):
    _static_origin = "/".join(STATIC_URL.split("/")[:3])
    for _directive in ("script-src", "style-src", "img-src", "font-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(_static_origin)
INSTALLED_APPS += ["csp", "axes"]
MIDDLEWARE.insert(0, "coop_site.health.HealthCheckMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "coop_site.security.CSPMiddleware",
)
MIDDLEWARE.append("coop_site.health.DatabaseUnavailableMiddleware")
# django-axes: lock a username from an address out of the admin after repeated failures.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
if env_int("PROXY_COUNT", 0):
    # Behind N trusted proxies the client address is in X-Forwarded-For.
    AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Static files: set STATICFILES_BACKEND to
# whitenoise.storage.CompressedManifestStaticFilesStorage in production (after collectstatic).
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 3600)

CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://registry"))}

# A PostgreSQL read replica: anonymous public reads go there (coop_site/db_router.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["coop_site.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(1, "coop_site.db_router.ReplicaRoutingMiddleware")

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

# A hello-world URL for bench/run.py (the throughput ceiling); off unless BENCH_HELLO=1.
BENCH_HELLO = env_bool("BENCH_HELLO", False)

# --- REST API (/api/) and open data (/data/) ----------------------------------------------
# Token auth for scripts (tokens are made in the admin or with `manage.py drf_create_token`),
# session auth with CSRF for the browser. Anonymous clients may only read, and are throttled.
INSTALLED_APPS += [
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]
# django-cors-headers must answer before CommonMiddleware can redirect or refuse.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "corsheaders.middleware.CorsMiddleware",
)
REST_FRAMEWORK.update(
    {
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
        "PAGE_SIZE": 50,
    }
)
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
    },
}
# Read-only CORS: any site may GET the public API and downloads; no cookies cross origins.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|data)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# Where the /data/ downloads are built, once per data version (registry/opendata.py).
REGISTRY_OPENDATA_DIR = env_str("OPENDATA_DIR", str(BASE_DIR / "var" / "opendata"))

# --- Staff workspace: import/export ---------------------------------------------------------
INSTALLED_APPS += ["import_export"]
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

# Public UI: the language switcher's cookie (no script reads it) and the contact page's address.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
REGISTRY_CONTACT_EMAIL = env_str("REGISTRY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
