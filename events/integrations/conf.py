"""Defaults of the integrations, read once. Each is an environment variable of the same name (or a
Django setting, if config/settings.py defines one)."""

from config.env import app_setting

WEBHOOK_MAX_BYTES = app_setting("EVENT_WEBHOOK_MAX_BYTES", 1024 * 1024)
CLOCK_SKEW_SECONDS = 300  # a reported_at this far in the future is still accepted
OUTBOX_MAX_ATTEMPTS = app_setting("EVENT_OUTBOX_MAX_ATTEMPTS", 8)  # then the message is failed
OUTBOX_BACKOFF_SECONDS = app_setting("EVENT_OUTBOX_BACKOFF_SECONDS", 60)  # first retry; doubles each time
OUTBOX_BACKOFF_MAX_SECONDS = app_setting("EVENT_OUTBOX_BACKOFF_MAX_SECONDS", 6 * 3600)
OUTBOX_TIMEOUT_SECONDS = app_setting("EVENT_OUTBOX_TIMEOUT_SECONDS", 10)  # per POST
OUTBOX_BATCH = 100  # messages claimed at once
OUTBOX_LEASE_SECONDS = 300  # a claimed message is retried after this if its worker died mid-send
OUTBOX_RUN_SECONDS = 50  # one job run's budget: the job runs every minute
