"""Restore a backup made by ops.backup into a database and a media directory.

The target database is created when missing; one that holds tables is refused unless `force`,
which drops and re-creates it (its sessions are ended). The dump is streamed from the backup file
into `pg_restore --single-transaction --exit-on-error`: a restore that fails leaves the database
empty, never half-written. Afterwards every table's row count is compared with the manifest (the
counts of the snapshot the dump was taken in). Media go into `media_root` (refused when it holds
files, unless `force`, which empties it first)."""

import hashlib
import json
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from psycopg import sql

from ops.backup import FORMAT_VERSION
from ops.pgtools import connect, database_exists, pg_env, pg_tool, table_counts, user_tables

__all__ = ["RestoreError", "RestoreRefused", "Restored", "read_manifest", "restore_backup"]


class RestoreError(Exception):
    pass


class RestoreRefused(RestoreError):
    """The target is not empty and `force` was not given."""


@dataclass
class Restored:
    database: str
    tables: int
    rows: int
    media_files: int | None  # None: media not restored


def read_manifest(path: Path) -> dict:
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    if manifest.get("format") != FORMAT_VERSION:
        raise RestoreError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _has_tables(settings_dict: dict, name: str) -> bool:
    with connect(settings_dict, name) as conn:
        return bool(user_tables(conn))


def _recreate(settings_dict: dict, name: str, drop: bool):
    with connect(settings_dict, "postgres", autocommit=True) as conn:
        if drop:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _check_member(tar: tarfile.TarFile, manifest: dict, member: str):
    digest = hashlib.sha256()
    with tar.extractfile(member) as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != manifest["members"][member]["sha256"]:
        raise RestoreError(f"{member} is damaged: its checksum differs from the manifest")


def _pg_restore(tar: tarfile.TarFile, settings_dict: dict, name: str):
    command = [
        pg_tool("pg_restore"),
        "--dbname",
        name,
        "--no-owner",  # objects belong to the restoring role: the backup's roles need not exist here
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
    ]
    with tar.extractfile("database.dump") as dump:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=pg_env(settings_dict, name)
        )
        try:
            shutil.copyfileobj(dump, process.stdin, 1 << 20)
        except BrokenPipeError:
            pass  # pg_restore stopped early; its exit status and message say why
        finally:
            process.stdin.close()
        errors = process.stderr.read().decode(errors="replace")
        if process.wait() != 0:
            raise RestoreError(f"pg_restore failed, nothing was restored: {errors.strip()}")


def _verify(settings_dict: dict, name: str, manifest: dict) -> tuple[int, int]:
    with connect(settings_dict, name) as conn:
        counts = table_counts(conn)
    expected = manifest["tables"]
    wrong = {
        t: (expected.get(t), counts.get(t)) for t in set(expected) | set(counts) if expected.get(t) != counts.get(t)
    }
    if wrong:
        detail = ", ".join(f"{t}: {want} in the backup, {got} restored" for t, (want, got) in sorted(wrong.items()))
        raise RestoreError(f"restored row counts differ from the backup: {detail}")
    return len(counts), sum(counts.values())


def _media_files(root: Path) -> bool:
    return root.is_dir() and any(p.is_file() for p in root.rglob("*"))


def _restore_media(tar: tarfile.TarFile, media_root: Path, force: bool) -> int:
    if media_root.exists() and force:
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tar.extractfile("media.tar.gz") as inner, tarfile.open(fileobj=inner, mode="r:gz") as media:
        members = [m for m in media.getmembers() if m.isfile()]
        media.extractall(media_root, members=members, filter="data")  # "data": no paths outside media_root
    return len(members)


def restore_backup(
    path: Path, settings_dict: dict, database: str, media_root: Path | None, force: bool = False
) -> Restored:
    """Restore `path` into `database` on the server of `settings_dict`, and its media into
    `media_root` (None: leave media alone)."""
    manifest = read_manifest(path)
    exists = database_exists(settings_dict, database)
    if exists and not force and _has_tables(settings_dict, database):
        raise RestoreRefused(f"database {database!r} is not empty; use --force to replace it")
    if media_root is not None and not force and _media_files(media_root):
        raise RestoreRefused(f"media directory {media_root} is not empty; use --force to replace it")
    with tarfile.open(path) as tar:
        _check_member(tar, manifest, "database.dump")
        _check_member(tar, manifest, "media.tar.gz")
        if not exists or force:
            _recreate(settings_dict, database, drop=exists)
        _pg_restore(tar, settings_dict, database)
        tables, rows = _verify(settings_dict, database, manifest)
        media = _restore_media(tar, media_root, force) if media_root is not None else None
    return Restored(database, tables, rows, media)
