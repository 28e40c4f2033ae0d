"""`manage.py restore FILE` (`make restore FILE=…`): restore a backup into an empty database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ops.restore import RestoreError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`. Refuses a database with tables (or a media "
        "directory with files) unless --force, which replaces them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--database",
            help="restore into this database on the same server instead of DATABASE_URL's (a restore drill); "
            "media are then restored only with --media-root",
        )
        parser.add_argument("--media-root", type=Path, help="where to restore media (default MEDIA_ROOT)")
        parser.add_argument("--force", action="store_true", help="drop and replace a non-empty database and media")

    def handle(self, *args, file, database, media_root, force, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such backup file")
        settings_dict = connections["default"].settings_dict
        target = database or settings_dict["NAME"]
        if media_root is None and target == settings_dict["NAME"]:
            media_root = Path(settings.MEDIA_ROOT)
        try:
            done = restore_backup(file, settings_dict, target, media_root, force=force)
        except (RestoreError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        media = f"{done.media_files} media files into {media_root}" if done.media_files is not None else "no media"
        self.stdout.write(
            f"恢复完成 restored into {done.database}: {done.tables} tables, {done.rows} rows "
            f"(row counts match the backup); {media}"
        )
