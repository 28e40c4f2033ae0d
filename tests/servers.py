"""Real server processes for end-to-end tests: daphne serving the app from the test database, and
a private Redis that a test may stop and start again."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60  # seconds
SERVER_APP_NAME = "wangge-test-server"  # libpq's application_name for the servers' database sessions

__all__ = ["free_port", "database_url", "daphne", "serve_script", "server_pids", "terminate_sessions", "RedisServer"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict) -> str:
    user = quote(settings_dict.get("USER") or "postgres")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}" if password else user
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"


def _wait_until_up(url, process, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"daphne did not answer within {START_TIMEOUT}s:\n{log.read_text()}")


@contextmanager
def daphne(settings_dict, log: Path, **env_extra):
    """A daphne process on a free port serving the app from the database `settings_dict` names;
    yields its base URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(settings_dict), "PGAPPNAME": SERVER_APP_NAME, **env_extra}
    env.pop("TEST_DATABASE_NAME", None)
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("daphne")),
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve_script(settings_dict, log: Path, workers: int = 2, **env_extra):
    """`scripts/serve.sh` (what `make run` ends with) on a free port with `workers` server processes
    and its procrastinate worker, serving the database `settings_dict` names; yields (base URL,
    the script's pid). The whole process group is stopped afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings_dict),
        "PGAPPNAME": SERVER_APP_NAME,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="wangge-prom-"),
        "WORKER_LOG": str(log.with_suffix(".worker.log")),
        **env_extra,
    }
    env.pop("TEST_DATABASE_NAME", None)
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", str(ROOT / "scripts/serve.sh")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one below
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        deadline = time.monotonic() + START_TIMEOUT
        while len(server_pids(process.pid)) < workers and time.monotonic() < deadline:
            time.sleep(0.3)
        yield url, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        shutil.rmtree(env["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, grandchildren…), read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def server_pids(root: int) -> list[int]:
    """The uvicorn worker processes under `root` (the serve script): those that import the app."""
    out = []
    for pid in descendants(root):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing" in cmdline and b"spawn_main" in cmdline:
            out.append(pid)
    return out


def terminate_sessions(database_name):
    """A killed server's backends can linger for a moment and block dropping the test database.
    Only the test servers' sessions (never this process's own pooled connections), and only ever on
    a test database, never on a database people work on."""
    from django.db import connection

    if not database_name.startswith("test_"):
        raise RuntimeError(f"refusing to end sessions of {database_name!r}: not a test database")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = %s AND pid <> pg_backend_pid()",
            [database_name, SERVER_APP_NAME],
        )


class RedisServer:
    """A throw-away redis-server on a free port (no persistence), which a test can stop and restart."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="wangge-redis-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
