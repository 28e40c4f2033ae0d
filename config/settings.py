"""Wangge settings: every value comes from an environment variable with a working local default."""

from pathlib import Path

import dj_database_url

from config.env import env, env_bool

BASE_DIR = Path(__file__).resolve().parent.parent


def _default_database_url():
    # The set-up writes another URL here when it had to create a PostGIS cluster on port 5433.
    fallback = BASE_DIR / ".setup-stamps" / "database_url"
    if fallback.exists():
        return fallback.read_text().strip()
    return "postgres://postgres@127.0.0.1:5432/wangge"


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
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
    "rest_framework.authtoken",
    "rest_framework_gis",
    "drf_spectacular",
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
    "django.middleware.security.SecurityMiddleware",
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
    "pool": {"min_size": int(env("DB_POOL_MIN", 2)), "max_size": int(env("DB_POOL_MAX", 20)), "timeout": 10},
}
if env("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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
]
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
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
REALTIME_TICK_SECONDS = float(env("REALTIME_TICK_SECONDS", 0.5))

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
