"""Backups: one file per run, `wangge-<database>-<YYYYmmddTHHMMSS>.tar` in BACKUP_DIR, holding
- `database.dump`: pg_dump's compressed custom format of the whole database (every partition of
  the fixes table included), taken in a snapshot that this module opens and exports, so that
- `manifest.json` can record every table's row count *in that same snapshot* (a restore checks
  them), with the server version and the checksums of the two other members;
- `media.tar.gz`: MEDIA_ROOT (event photos and uploads), archived after the database snapshot, so
  every file a restored row names is there (a file uploaded meanwhile is merely extra).
After each backup, backups older than BACKUP_KEEP_DAYS are deleted (never the one just written)."""

import hashlib
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ops.pgtools import connect, pg_env, pg_tool, table_counts

__all__ = ["BackupError", "Backup", "create_backup", "prune_backups", "backup_time", "NAME_PATTERN"]

NAME_PATTERN = re.compile(r"^wangge-(?P<db>.+)-(?P<stamp>\d{8}T\d{6})\.tar$")
FORMAT_VERSION = 1


class BackupError(Exception):
    pass


@dataclass
class Backup:
    path: Path
    manifest: dict
    pruned: list[Path]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dump(settings_dict: dict, target: Path) -> dict:
    """pg_dump in a snapshot this connection exports; the row counts come from the same snapshot."""
    with connect(settings_dict, autocommit=True) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        command = [pg_tool("pg_dump"), "--format=custom", "--compress=6", f"--snapshot={snapshot}", f"--file={target}"]
        done = subprocess.run(command, env=pg_env(settings_dict), capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        counts = table_counts(conn)
        server = conn.execute("SHOW server_version").fetchone()[0]
        conn.execute("ROLLBACK")
    return {"tables": counts, "server_version": server}


def _archive_media(media_root: Path, target: Path) -> int:
    files = 0
    with tarfile.open(target, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media_root)))
                    files += 1
    return files


def create_backup(settings_dict: dict, media_root: Path, backup_dir: Path, keep_days: int, now: datetime) -> Backup:
    """Write one backup file; returns it with its manifest and the old backups deleted."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    name = f"wangge-{settings_dict['NAME']}-{now:%Y%m%dT%H%M%S}.tar"
    final = backup_dir / name
    if final.exists():
        raise BackupError(f"{final} already exists")
    with tempfile.TemporaryDirectory(dir=backup_dir, prefix=".partial-") as work:
        work = Path(work)
        database = _dump(settings_dict, work / "database.dump")
        media_files = _archive_media(Path(media_root), work / "media.tar.gz")
        manifest = {
            "format": FORMAT_VERSION,
            "created": now.isoformat(),
            "database": settings_dict["NAME"],
            "server_version": database["server_version"],
            "tables": database["tables"],
            "media_files": media_files,
            "members": {
                member: {"bytes": (work / member).stat().st_size, "sha256": _sha256(work / member)}
                for member in ("database.dump", "media.tar.gz")
            },
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = work / name
        with tarfile.open(partial, "w") as tar:
            for member in ("manifest.json", "database.dump", "media.tar.gz"):
                tar.add(work / member, arcname=member)
        partial.rename(final)  # same file system: the backup appears whole or not at all
    return Backup(final, manifest, prune_backups(backup_dir, keep_days, now, keep=final))


def backup_time(path: Path) -> datetime | None:
    match = NAME_PATTERN.match(path.name)
    return datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S") if match else None


def prune_backups(backup_dir: Path, keep_days: int, now: datetime, keep: Path | None = None) -> list[Path]:
    """Delete backups whose name says they are older than `keep_days` (local time of `now`)."""
    cutoff = now.replace(tzinfo=None) - timedelta(days=keep_days)
    removed = []
    for path in sorted(backup_dir.glob("wangge-*.tar")):
        taken = backup_time(path)
        if taken is not None and taken < cutoff and path != keep:
            path.unlink()
            removed.append(path)
    return removed
