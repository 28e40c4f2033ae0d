"""A real PostgreSQL streaming replica of the test server, for the replica tests: pg_basebackup of
the running cluster into a temporary directory, then the same major's `postgres` started on a free
port as a hot standby (as the postgres OS user when the tests run as root, which PostgreSQL
requires). Needs a `replication` line for 127.0.0.1 in the server's pg_hba.conf (scripts/setup.sh
--test adds it)."""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tests.servers import free_port

__all__ = ["Standby", "SLOT_PREFIX"]
SLOT_PREFIX = "wangge_test_standby_"

# Settings a hot standby needs at least as high as its primary's.
_AT_LEAST_PRIMARY = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class Standby:
    def __init__(self, primary: dict):
        self.primary = primary
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="wangge-standby-"))
        self.data = self.dir / "data"
        self.started = False
        # A replication slot keeps the primary's WAL until the standby has it (other suites on the
        # same server write a lot); dropped on close, and stale ones of crashed runs dropped on start.
        self.slot = f"{SLOT_PREFIX}{self.port}"

    def _primary(self, **kwargs):
        p = self.primary
        return psycopg.connect(
            host=p.get("HOST") or "127.0.0.1",
            port=p.get("PORT") or 5432,
            user=p.get("USER") or "postgres",
            dbname=p["NAME"],
            autocommit=True,
            **kwargs,
        )

    def connect(self, **kwargs):
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.primary.get("USER") or "postgres",
            dbname=self.primary["NAME"],
            autocommit=True,
            **kwargs,
        )

    def _run(self, *command):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            log = (self.dir / "server.log").read_text() if (self.dir / "server.log").exists() else ""
            raise RuntimeError(f"{command} failed:\n{done.stderr}\n{log}")

    def start(self):
        with self._primary() as conn:
            major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
            limits = {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in _AT_LEAST_PRIMARY}
            conn.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                "WHERE slot_name LIKE %s AND NOT active",
                [SLOT_PREFIX + "%"],
            )
        bin_dir = Path(f"/usr/lib/postgresql/{major}/bin")
        self.pg_ctl = str(bin_dir / "pg_ctl") if bin_dir.is_dir() else shutil.which("pg_ctl")
        basebackup = str(bin_dir / "pg_basebackup") if bin_dir.is_dir() else shutil.which("pg_basebackup")
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.dir, postgres.pw_uid, postgres.pw_gid)
        p = self.primary
        self._run(
            basebackup,
            "-h",
            p.get("HOST") or "127.0.0.1",
            "-p",
            str(p.get("PORT") or 5432),
            "-U",
            p.get("USER") or "postgres",
            "-D",
            str(self.data),
            "-X",
            "stream",
            "-c",
            "fast",
            "-R",
        )
        settings = {
            "port": self.port,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.dir}'",
            "hot_standby": "on",
            "fsync": "off",
            "shared_buffers": "'32MB'",
            "logging_collector": "off",
            "hba_file": f"'{self.data}/pg_hba.conf'",
            "ident_file": f"'{self.data}/pg_ident.conf'",
            **limits,
        }
        self._write("postgresql.conf", "".join(f"{k} = {v}\n" for k, v in settings.items()))
        self._write("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n")
        self._write("pg_ident.conf", "")
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-t", "120", "start")
        self.started = True
        self.wait_until_caught_up()
        return self

    def _write(self, name, text):
        path = self.data / name
        path.write_text(text)
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(path, postgres.pw_uid, postgres.pw_gid)

    def wait_until_caught_up(self, timeout=120):
        """Until the standby has replayed everything the primary had written when this was called."""
        with self._primary() as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        with self.connect() as standby:
            while True:
                replayed = standby.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [str(target)]).fetchone()[0]
                if replayed:
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError("the standby did not catch up")
                time.sleep(0.1)

    def stop(self):
        if self.started:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop")
            self.started = False

    def close(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            with self._primary() as conn:
                conn.execute(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s",
                    [self.slot],
                )
