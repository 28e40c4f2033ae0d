"""Tracking settings, read once. Each is an environment variable of the same name (or a Django
setting, if config/settings.py defines one); see the README's configuration table."""

from config.env import app_setting

MAX_FUTURE_SECONDS = app_setting("POSITION_MAX_FUTURE_SECONDS", 300)  # a fix may be at most 5 min ahead
MAX_AGE_DAYS = app_setting("POSITION_MAX_AGE_DAYS", 30)  # older fixes are refused
MAX_ACCURACY_M = app_setting("POSITION_MAX_ACCURACY_M", 100.0)  # worse accuracy is kept but flagged
MAX_SPEED_MPS = app_setting("POSITION_MAX_SPEED_MPS", 55.0)  # ≈200 km/h; a faster jump is flagged
MAX_BATCH_BYTES = app_setting("POSITION_MAX_BATCH_BYTES", 4 * 1024 * 1024)  # batch, OsmAnd and OwnTracks bodies
MAX_BATCH_FIXES = app_setting("POSITION_MAX_BATCH_FIXES", 10_000)
MAX_GPX_BYTES = app_setting("POSITION_MAX_GPX_BYTES", 16 * 1024 * 1024)  # a GPX upload
RETENTION_DAYS = app_setting("POSITION_RETENTION_DAYS", 180)  # daily partitions older than this are dropped
PARTITIONS_AHEAD_DAYS = app_setting("POSITION_PARTITIONS_AHEAD_DAYS", 7)
# Fixes commit synchronously: a 200 means the fix survives a crash of PostgreSQL. Group commit
# (tracking.group_commit) pays the WAL flush once for many requests. Off is an opt-in for
# deployments that accept losing the last fraction of a second of acknowledged fixes.
SYNCHRONOUS_COMMIT = app_setting("POSITION_SYNCHRONOUS_COMMIT", True)
# Group commit of single-fix requests (OsmAnd, OwnTracks on the lean path): requests arriving
# while a batch is written wait for the next one, which takes at most GROUP_COMMIT_MAX_FIXES fixes
# after waiting GROUP_COMMIT_WAIT_MS for company; past INTAKE_MAX_PENDING waiting requests a
# process answers 503 with Retry-After (a tracker keeps the fix and retries).
GROUP_COMMIT_MAX_FIXES = app_setting("GROUP_COMMIT_MAX_FIXES", 1000)
GROUP_COMMIT_WAIT_MS = app_setting("GROUP_COMMIT_WAIT_MS", 2.0)
GROUP_COMMIT_WRITERS = app_setting("GROUP_COMMIT_WRITERS", 2)  # writer threads (connections) per process
DEVICE_CACHE_SECONDS = app_setting("DEVICE_CACHE_SECONDS", 5.0)  # lean intake's device lookups
INTAKE_MAX_PENDING = app_setting("INTAKE_MAX_PENDING", 2000)
RETRY_AFTER_SECONDS = app_setting("INTAKE_RETRY_AFTER_SECONDS", 5)
HEAT_RESOLUTIONS = (7, 8, 9, 10)
H3_RESOLUTION = 10

# Duty: check-in/out, patrols, visits, coverage and reports (tracking/duty.py and neighbours).
CHECKIN_TOLERANCE_M = app_setting("DUTY_CHECKIN_TOLERANCE_M", 200.0)  # metres outside the grid still accepted
DUTY_MAX_AGE_HOURS = app_setting("DUTY_MAX_AGE_HOURS", 24)  # an older (queued offline) check-in or visit is refused
PATROL_STOP_MINUTES = app_setting("PATROL_STOP_MINUTES", 5)  # a stop lasts at least this long …
PATROL_STOP_RADIUS_M = app_setting("PATROL_STOP_RADIUS_M", 50.0)  # … within this many metres of where it began
PATROL_MAX_GAP_SECONDS = app_setting("PATROL_MAX_GAP_SECONDS", 300)  # a longer gap between fixes counts only this long
VISIT_PROOF_WINDOW_MIN = app_setting("VISIT_PROOF_WINDOW_MIN", 10)  # fixes this many minutes either side prove a visit
VISIT_MAX_DISTANCE_M = app_setting("VISIT_MAX_DISTANCE_M", 100.0)
VISIT_MAX_PHOTO_BYTES = app_setting("VISIT_MAX_PHOTO_BYTES", 10 * 1024 * 1024)
VISIT_MAX_PHOTO_PIXELS = app_setting("VISIT_MAX_PHOTO_PIXELS", 64_000_000)
VISIT_PLACES_LIMIT = app_setting("VISIT_PLACES_LIMIT", 200)  # places listed for a grid
COVERAGE_MAX_DAYS = app_setting("COVERAGE_MAX_DAYS", 92)  # the longest period one coverage query may span
