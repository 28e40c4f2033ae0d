"""Screens settings, read once (environment variable or Django setting of the same name)."""

from config.env import app_setting

HOT_DAYS = app_setting("SCREENS_HOT_DAYS", 90)  # window of the event hot spots
REFRESH_DAYS = app_setting("SCREENS_REFRESH_DAYS", 2)  # local days the periodic job recomputes (today, yesterday)
POLL_SECONDS = app_setting("SCREENS_POLL_SECONDS", 30)  # how often an open screen asks for new figures
ROTATE_SECONDS = app_setting("SCREENS_ROTATE_SECONDS", 60)  # the shell's auto-rotation interval
