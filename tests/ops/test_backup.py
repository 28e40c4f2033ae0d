"""Backup and restore with PostgreSQL's own tools: the demo district plus committed fixes and an
event with a photo are backed up, restored into a scratch database, and every table (each daily
partition of the fixes included) and every media file compared."""

import hashlib
import io
import json
import tarfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from PIL import Image

from ops.backup import prune_backups
from ops.pgtools import connect
from ops.restore import RestoreError, restore_backup
from tests.ops import dbcheck

NOW = datetime.now(timezone.utc).replace(microsecond=0)
# The tests read the committed rows the module fixture wrote; their own transaction writes nothing.
pytestmark = pytest.mark.django_db


def _record_activity():
    """Fixes of two workers over two local days and an event with a photo, through the services."""
    from events.services import report_event
    from grids.models import GridMember
    from tracking.fixes import Fix
    from tracking.ingest import record_fixes
    from tracking.models import Device
    from tracking.partitions import ensure_partitions

    ensure_partitions()
    devices = Device.objects.select_related("user").filter(user__role="grid_worker").order_by("id")[:2]
    for device in devices:
        grid = GridMember.objects.get(user=device.user).grid
        p = grid.micro_grids.order_by("code").first().geom.point_on_surface
        start = NOW - timedelta(hours=30)
        fixes = [
            Fix(
                time=start + timedelta(minutes=20 * i),
                lon=p.x + i * 1e-5,
                lat=p.y,
                accuracy_m=5,
                client_id=uuid.uuid4(),
            )
            for i in range(90)
        ]
        assert record_fixes(device, fixes, "test").accepted == 90
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(image, "JPEG")
    report_event(
        title="路灯损坏",
        description="备份测试",
        category="dispute.neighbour",
        lon=p.x,
        lat=p.y,
        reporter=device.user,
        photos=[SimpleUploadedFile("lamp.jpg", image.getvalue(), content_type="image/jpeg")],
    )


@pytest.fixture(scope="module")
def source(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database with committed activity (removed again afterwards) and its media."""
    media = tmp_path_factory.mktemp("media")
    settings_dict = dict(connection.settings_dict)
    with connect(settings_dict, autocommit=True) as conn:
        before = dbcheck.state(conn)
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            _record_activity()
        yield settings_dict, media
    finally:
        with connect(settings_dict, autocommit=True) as conn:
            dbcheck.restore_state(conn, before)


@pytest.fixture(scope="module")
def scratch(source):
    settings_dict, _ = source
    name = settings_dict["NAME"] + "_restore"
    assert name.startswith("test_")
    yield name
    with connect(settings_dict, "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def backup_file(source, tmp_path_factory):
    _, media = source
    where = tmp_path_factory.mktemp("backups")
    with override_settings(MEDIA_ROOT=media):
        call_command("backup", dir=where, stdout=io.StringIO())
    (path,) = where.glob("wangge-*.tar")
    return path


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_a_backup_restores_every_table_and_file_exactly(source, scratch, backup_file, tmp_path):
    settings_dict, media = source
    out = io.StringIO()
    call_command("restore", str(backup_file), database=scratch, media_root=tmp_path / "media", stdout=out)
    assert "row counts match the backup" in out.getvalue()

    with connect(settings_dict) as original, connect(settings_dict, scratch) as restored:
        want, got = dbcheck.checksums(original), dbcheck.checksums(restored)
        partitions = restored.execute(
            "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent "
            "WHERE p.relname = 'tracking_position'"
        ).fetchone()[0]
        fixes = restored.execute("SELECT count(*) FROM tracking_position").fetchone()[0]
    assert got == want
    assert fixes == 180 and partitions >= 2  # partitioned parent restored with its day partitions
    assert want["events_event"][0] == 1 and want["grids_microgrid"][0] > 10_000
    assert _files(tmp_path / "media") == _files(media) and len(_files(media)) >= 1


@pytest.mark.slow
def test_restore_refuses_a_non_empty_target_unless_forced(source, scratch, backup_file, tmp_path):
    settings_dict, _ = source
    restore_backup(backup_file, settings_dict, scratch, None, force=True)  # scratch now holds tables
    with pytest.raises(CommandError, match="not empty; use --force"):
        call_command("restore", str(backup_file), database=scratch, stdout=io.StringIO())
    media = tmp_path / "media"
    media.mkdir()
    (media / "keep.txt").write_text("an operator's file")
    with pytest.raises(RestoreError, match="media directory .* not empty"):
        restore_backup(backup_file, settings_dict, scratch + "_absent", media)

    done = restore_backup(backup_file, settings_dict, scratch, media, force=True)
    assert done.rows == sum(json.load(tarfile.open(backup_file).extractfile("manifest.json"))["tables"].values())
    assert not (media / "keep.txt").exists() and done.media_files >= 1


def test_a_damaged_backup_is_refused_before_anything_is_written(source, backup_file, tmp_path):
    settings_dict, _ = source
    damaged = tmp_path / backup_file.name
    with tarfile.open(backup_file) as original, tarfile.open(damaged, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "database.dump":
                data = data[:-100] + b"\0" * 100
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    target = settings_dict["NAME"] + "_damaged"
    with pytest.raises(RestoreError, match="database.dump is damaged"):
        restore_backup(damaged, settings_dict, target, None)
    with connect(settings_dict, "postgres") as conn:
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target]).fetchone() is None


def test_retention_deletes_backups_older_than_the_setting(tmp_path):
    now = datetime(2026, 11, 30, 3, 0)
    for days in (0, 13, 15, 40):
        (tmp_path / f"wangge-wangge-{now - timedelta(days=days):%Y%m%dT%H%M%S}.tar").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not a backup")
    removed = prune_backups(tmp_path, keep_days=14, now=now)
    assert sorted(p.name for p in removed) == ["wangge-wangge-20261021T030000.tar", "wangge-wangge-20261115T030000.tar"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.txt",
        "wangge-wangge-20261117T030000.tar",
        "wangge-wangge-20261130T030000.tar",
    ]
