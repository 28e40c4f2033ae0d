"""Wangge settings: every value comes from an environment variable with a working local default."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    return env(name, str(default)).lower() in ("1", "true", "yes", "on")


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
    "accounts",
    "geo",
    "grids",
    "tracking",
    "events",
    "registry",
    "realtime",
    "webmap",
]

MIDDLEWARE = [
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
STATICFILES_DIRS = [("vendor/maplibre-gl", BASE_DIR / "node_modules" / "maplibre-gl" / "dist")]
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
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework_gis.pagination.GeoJsonPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "config.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wangge API",
    "DESCRIPTION": "网格化社会治理指挥平台 — geospatial API. Coordinates are WGS84 (EPSG:4326) lon/lat.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {"EventStatusEnum": "events.workflow.Status", "EventLevelEnum": "events.workflow.Level"},
}

# Geography. Metric measurements (areas, lengths, distances) use this projected CRS:
# CGCS2000 / 3-degree Gauss-Krüger CM 120E suits Changzhou.
METRIC_SRID = int(env("METRIC_SRID", 4549))
DISTRICT_CODE = env("DISTRICT_CODE", "320411")
DEMO_PASSWORD = env("DEMO_PASSWORD", "wangge-demo-2026")

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

# Fix ingest commits without waiting for the WAL flush unless this is true (see tracking/conf.py).
POSITION_SYNCHRONOUS_COMMIT = env_bool("POSITION_SYNCHRONOUS_COMMIT", False)

# The map's heat layer shows good fixes of the last N hours.
HEAT_TILE_HOURS = int(env("HEAT_TILE_HOURS", 24))

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
