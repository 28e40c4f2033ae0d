"""Wangge settings: every value comes from an environment variable with a working local default."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent


def _default_database_url():
    # The set-up writes another URL here when it had to create a PostGIS cluster on port 5433.
    fallback = BASE_DIR / ".setup-stamps" / "database_url"
    if fallback.exists():
        return fallback.read_text().strip()
    return "postgres://postgres@127.0.0.1:5432/wangge"


# Secrets kept out of git: `make run` writes var/secret.env (SECRET_KEY, PERSONAL_DATA_KEY) once per
# installation; the environment wins over the file. Production (DJANGO_ENV=production) refuses to
# start without a SECRET_KEY and turns on the settings `manage.py check --deploy` asks for.
load_env_file(Path(env("WANGGE_ENV_FILE", BASE_DIR / "var" / "secret.env")))
PRODUCTION = env("DJANGO_ENV", "development") == "production"
SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_ENV=production needs SECRET_KEY (see docs/security.md)")
    SECRET_KEY = "dev-only-insecure-key-change-me"  # tests and a bare checkout; `make run` writes a real one
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "procrastinate.contrib.django",
    "pgtrigger",
    "pghistory",
    "ops",
    "accounts",
    "geo",
    "grids",
    "tracking",
    "events",
    "militia",
    "analysis",
    "registry",
    "assessment",
    "screens",
    "realtime",
    "webmap",
]

MIDDLEWARE = [
    "ops.middleware.RequestMiddleware",  # first: request id, metrics and access log see every request
    "geo.api.guard.InputGuardMiddleware",  # hostile input → JSON 4xx before sessions, CSRF and views
    "django.middleware.security.SecurityMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", _default_database_url()))}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
# Under ASGI each request may run on another thread, so Django's persistent connections do not
# carry over; a psycopg pool does (a new PostGIS connection costs ~20 ms: bench/tiles.py).
DATABASES["default"]["OPTIONS"] = {
    "pool": {
        "min_size": int(env("DB_POOL_MIN", 2)),
        "max_size": int(env("DB_POOL_MAX", 20)),
        "timeout": float(env("DB_POOL_TIMEOUT", 10)),
    },
}
if env("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Short-lived shared figures (the operators' overview): Redis when there is one, so every server
# process sees one cache and one invalidation; one process's memory otherwise. CACHE_URL overrides.
CACHE_URL = env("CACHE_URL", REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "wangge",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Accounts and tokens (docs/security.md). API tokens end after this many days.
API_TOKEN_DAYS = int(env("API_TOKEN_DAYS", 30))
# Brute-force protection: this many wrong passwords for one account, or from one address, within the
# window lock further attempts out (429) until the window has passed them.
LOGIN_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", 5))
LOGIN_ADDRESS_FAILURE_LIMIT = int(env("LOGIN_ADDRESS_FAILURE_LIMIT", 20))
LOGIN_FAILURE_WINDOW = int(env("LOGIN_FAILURE_WINDOW", 900))
# The audit log keeps entries this many days (a daily job deletes older ones).
AUDIT_RETENTION_DAYS = int(env("AUDIT_RETENTION_DAYS", 365))
# A create request retried with the same Idempotency-Key (or client_id) within this many hours gets
# the first reply instead of a second row.
IDEMPOTENCY_HOURS = int(env("IDEMPOTENCY_HOURS", 24))
# Roles that may upload positions for another user (GPX `user=`), inside their jurisdiction.
POSITION_PROXY_ROLES = env("POSITION_PROXY_ROLES", "command_operator,street_operator,grid_leader,gis_admin").split(",")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = env("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    ("vendor/maplibre-gl", BASE_DIR / "node_modules" / "maplibre-gl" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    ("vendor/terra-draw", BASE_DIR / "node_modules" / "terra-draw" / "dist"),
    ("vendor/terra-draw-maplibre-gl-adapter", BASE_DIR / "node_modules" / "terra-draw-maplibre-gl-adapter" / "dist"),
]
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024))
# Any multipart upload declaring more is refused (413) before it is parsed; each endpoint has its
# own, smaller limit (photos, GPX, imports).
MAX_UPLOAD_BYTES = int(env("MAX_UPLOAD_BYTES", 64 * 1024 * 1024))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "geo.api.parsers.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "geo.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework_gis.pagination.GeoJsonPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "config.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wangge API",
    "DESCRIPTION": "网格化社会治理指挥平台 — geospatial API. Coordinates are WGS84 (EPSG:4326) lon/lat.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the drf-spectacular-sidecar package, served by us (no CDN; /api/docs/
    # is the split view, whose script is a file, so the CSP needs no inline script).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EventStatusEnum": "events.workflow.Status",
        "EventLevelEnum": "events.workflow.Level",
        "AssessmentPeriodKindEnum": "assessment.models.PeriodKind",
    },
}

# Geography. Metric measurements (areas, lengths, distances) use this projected CRS:
# CGCS2000 / 3-degree Gauss-Krüger CM 120E suits Changzhou.
METRIC_SRID = int(env("METRIC_SRID", 4549))
DISTRICT_CODE = env("DISTRICT_CODE", "320411")
DEMO_PASSWORD = env("DEMO_PASSWORD", "wangge-demo-2026")
# Reference data as plain files an installer may review and change: event departments, categories
# and routing rules (read by migrations and `manage.py load_reference_data`), demo names.
REFERENCE_DATA_DIR = Path(env("REFERENCE_DATA_DIR", BASE_DIR / "data"))

# The command map's base map. Empty: a plain background under our own layers (works offline).
# Otherwise one or more XYZ/WMTS URL templates, comma-separated ({z}/{x}/{y}, or WMTS
# {TileMatrix}/{TileCol}/{TileRow}), e.g. Tianditu with its key or an intranet GIS tile service,
# and the datum its tiles are drawn in: wgs84/cgcs2000, or gcj02 (AMap, Tencent), in which case our
# layers are shifted to line up with it.
BASEMAP_URLS = [u for u in env("BASEMAP_URL", "").split(",") if u]
BASEMAP_CRS = env("BASEMAP_CRS", "wgs84")
BASEMAP_ATTRIBUTION = env("BASEMAP_ATTRIBUTION", "")

# Rendered vector tiles kept in memory per process (keys carry the layer version).
TILE_CACHE_MB = int(env("TILE_CACHE_MB", 64))

# Live map: positions are coalesced into one frame per street group every this many seconds.
REALTIME_TICK_SECONDS = float(env("REALTIME_TICK_SECONDS", 0.2))

# The map's heat layer shows good fixes of the last N hours.
HEAT_TILE_HOURS = int(env("HEAT_TILE_HOURS", 24))

# Analysts' queries (analysis/): each statement is cancelled after this many milliseconds (a clear
# 400 asks to narrow the query); exports hold at most this many rows.
ANALYSIS_STATEMENT_TIMEOUT_MS = int(env("ANALYSIS_STATEMENT_TIMEOUT_MS", 10_000))
ANALYSIS_EXPORT_MAX_ROWS = int(env("ANALYSIS_EXPORT_MAX_ROWS", 200_000))
# Registry (以房管人). ID numbers are kept as a keyed hash and an AES-GCM ciphertext whose keys derive
# from PERSONAL_DATA_KEY (from SECRET_KEY when empty: development only; `check --deploy` warns).
PERSONAL_DATA_KEY = env("PERSONAL_DATA_KEY", "")
# Roles that see ID numbers and phones in full (in their jurisdiction); the rest see them masked.
REGISTRY_UNMASKED_ROLES = env("REGISTRY_UNMASKED_ROLES", "grid_leader,grid_worker,liaison").split(",")
# Roles that may see special-group (重点人群) memberships and their map layer.
REGISTRY_SPECIAL_GROUP_ROLES = env(
    "REGISTRY_SPECIAL_GROUP_ROLES", "command_operator,street_operator,grid_leader,grid_worker,leader"
).split(",")

# GDAL < 3.9 cannot block file/network access inside SRS definitions (gis.W001). User input never
# reaches GDAL as a free-form SRS: the only SRS accepted from users are the names in geo.crs and
# the EPSG codes in grids.area_io.ALLOWED_EPSG, so the warning is silenced here and only here.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# --- Operations (ops app, docs/operations.md): backups, metrics, logs, read replica -----------------
BACKUP_DIR = Path(env("BACKUP_DIR", BASE_DIR / "var" / "backups"))
BACKUP_KEEP_DAYS = int(env("BACKUP_KEEP_DAYS", 14))
METRICS_TOKEN = env("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = [n for n in env("METRICS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128").split(",") if n]
WORKER_HEARTBEAT_MAX_AGE = int(env("WORKER_HEARTBEAT_MAX_AGE", 60))
PROCRASTINATE_ON_APP_READY = "ops.jobs.on_app_ready"  # request ids and metrics through jobs
# Read-only views opt in to reading from a streaming replica (ops/replica.py says which).
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(env("DATABASE_REPLICA_URL")),
        "ENGINE": DATABASES["default"]["ENGINE"],
        "OPTIONS": DATABASES["default"]["OPTIONS"],
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["ops.replica.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = float(env("REPLICA_MAX_LAG_SECONDS", 10))
REPLICA_PIN_SECONDS = int(env("REPLICA_PIN_SECONDS", 5))

# LOG_FORMAT=json: one JSON object per line; every line carries the request's (or job's) id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ops.logs.JsonFormatter"},
        "text": {"()": "ops.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if env("LOG_FORMAT", "text") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- Production (DJANGO_ENV=production; docs/security.md): HTTPS behind nginx --------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # nginx sets it; never reachable directly
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Probes and the tracker protocols may speak plain HTTP to the app on the host itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
