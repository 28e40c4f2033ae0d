"""`manage.py backup` (`make backup`): dump the database and the media into BACKUP_DIR."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from ops import conf
from ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format) and MEDIA_ROOT into one file in BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=conf.BACKUP_DIR, help="where to write (default BACKUP_DIR)")
        parser.add_argument("--keep-days", type=int, default=conf.BACKUP_KEEP_DAYS, help="delete older backups")

    def handle(self, *args, dir, keep_days, **options):
        try:
            backup = create_backup(
                connections["default"].settings_dict, Path(settings.MEDIA_ROOT), dir, keep_days, timezone.localtime()
            )
        except (BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.manifest
        size = backup.path.stat().st_size / 1e6
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"备份完成 {backup.path} ({size:.1f} MB): {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['media_files']} media files"
        )
        for old in backup.pruned:
            self.stdout.write(f"已删除过期备份 (older than {keep_days} days) {old}")
