"""Helpers shared by the benchmarks: Django set-up, a timer, a raw PostGIS connection, machine facts
and plain-text / Markdown tables."""

import contextlib
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.servers import descendants

__all__ = [
    "REPO_ROOT",
    "setup_django",
    "timed",
    "best_of",
    "db_connect",
    "machine_facts",
    "print_facts",
    "text_table",
    "markdown_table",
    "fmt_int",
    "fmt_seconds",
    "fmt_rate",
    "fmt_ratio",
    "free_port",
    "daphne",
    "serve",
    "SERVERS",
    "server_cpu_seconds",
    "p95_p50_ms",
    "latency_summary",
    "percentile_ms",
]

REPO_ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Make the repo importable and configure Django once (idempotent)."""
    root = str(REPO_ROOT)
    # A script run as bench/x.py has bench/ first on sys.path, where locate.py would shadow nothing
    # today but common.py/run.py could shadow a third-party top-level module; the repo root replaces it.
    bench_dir = str(REPO_ROOT / "bench")
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != bench_dir]
    if root not in sys.path:
        sys.path.insert(0, root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def timed(fn, *args, **kwargs):
    """(fn(*args, **kwargs), wall seconds by time.perf_counter)."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def best_of(repeat: int, fn, *args, **kwargs):
    """Run fn `repeat` times; (the last result, the fastest wall seconds)."""
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        result, seconds = timed(fn, *args, **kwargs)
        best = min(best, seconds)
    return result, best


def db_connect():
    """A fresh psycopg 3 connection (autocommit) to Django's default database, outside Django's
    cursor wrappers so that large parameters are not copied into query logs."""
    import psycopg
    from django.db import connections

    s = connections["default"].settings_dict
    params = {"dbname": s["NAME"], "user": s["USER"], "password": s["PASSWORD"], "host": s["HOST"], "port": s["PORT"]}
    return psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v})


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_facts(conn=None) -> dict:
    """Facts that make a figure reproducible; PostGIS ones only when `conn` is given."""
    import numpy
    import shapely

    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    facts = {
        "cpu": f"{_cpu_model()}, {cores} cores ({usable} usable)",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "numpy": numpy.__version__,
        "shapely": f"{shapely.__version__} (GEOS {shapely.geos_version_string})",
    }
    try:
        import geopandas

        facts["geopandas"] = geopandas.__version__
    except ImportError:
        pass
    if conn is not None:
        with conn.cursor() as cur:
            cur.execute("SELECT current_setting('server_version'), postgis_lib_version(), postgis_geos_version()")
            pg, postgis, geos = cur.fetchone()
        facts["postgresql"] = pg
        facts["postgis"] = f"{postgis} (GEOS {geos})"
    return facts


def print_facts(facts: dict):
    width = max(map(len, facts))
    for key, value in facts.items():
        print(f"  {key:<{width}}  {value}")


def text_table(headers, rows) -> str:
    """Aligned columns; numbers-looking cells right-aligned."""
    cells = [list(map(str, headers))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row):
        out = []
        for i, c in enumerate(row):
            numeric = c[:1].isdigit() or c[:1] in "-—"
            out.append(c.rjust(widths[i]) if numeric and i else c.ljust(widths[i]))
        return "  ".join(out).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]])


def markdown_table(headers, rows) -> str:
    def line(row):
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |"

    return "\n".join([line(headers), "|" + "|".join("---" for _ in headers) + "|"] + [line(r) for r in rows])


def fmt_int(n) -> str:
    return f"{int(round(n)):,}"


def fmt_seconds(s: float) -> str:
    return f"{s:.3f}" if s < 10 else f"{s:.2f}"


def fmt_rate(per_second: float) -> str:
    return fmt_int(per_second)


def fmt_ratio(r: float) -> str:
    return f"{r:.2f}×"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVERS = ("daphne", "uvicorn", "granian")


def _server_command(kind: str, port: int, workers: int) -> list[str]:
    venv = REPO_ROOT / ".venv/bin"
    if kind == "daphne":  # one process; daphne has no workers option
        return [str(venv / "daphne"), "-v", "0", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
    if kind == "uvicorn":  # as scripts/serve.sh runs it
        return [
            str(venv / "uvicorn"),
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--lifespan",
            "on",
            "--log-level",
            "warning",
        ]
    if kind == "granian":
        return [
            str(venv / "granian"),
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "config.asgi:application",
        ]
    raise ValueError(kind)


@contextmanager
def serve(kind: str = "uvicorn", workers: int | None = None, env: dict | None = None):
    """The project served on a free port of 127.0.0.1 by `kind` (daphne, uvicorn, granian) with
    `workers` processes (default: one per core, like `make run`; daphne: always one); yields
    (port, process) once it answers and stops it afterwards. Output goes to bench/server.log."""
    workers = 1 if kind == "daphne" else (workers or os.cpu_count() or 1)
    port = free_port()
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings", **(env or {}))
    with contextlib.ExitStack() as stack:
        if workers > 1 and not environment.get("REDIS_URL"):  # frames must cross the processes
            environment["REDIS_URL"] = stack.enter_context(_private_redis())
        yield stack.enter_context(_server_process(kind, port, workers, environment))


@contextmanager
def _private_redis():
    """A throw-away redis-server on a free port (no persistence): the benchmark's own channel layer."""
    port = free_port()
    proc = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, proc)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def _server_process(kind, port, workers, environment):
    with open(REPO_ROOT / "bench" / "server.log", "a") as log:
        proc = subprocess.Popen(
            _server_command(kind, port, workers),
            cwd=REPO_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_port(port, proc)
            _wait_for_workers(proc.pid, workers)
            yield port, proc
        finally:
            proc.terminate()
            proc.wait(timeout=15)


def daphne(env: dict | None = None):
    """One daphne process (the server of earlier runs; the baseline of the serving table)."""
    return serve("daphne", 1, env)


def _wait_for_workers(pid: int, workers: int):
    """Multi-process servers answer before every worker is up; wait until they are (≤ 30 s)."""
    for _ in range(300):
        if workers <= 1 or len(descendants(pid)) >= workers:
            time.sleep(0.5 if workers > 1 else 0)  # the last one imports Django
            return
        time.sleep(0.1)


def _wait_for_port(port, proc):
    for _ in range(600):  # uvicorn binds after start-up (which loads the locate layers)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start (bench/server.log)")


def latency_summary(seconds: float, latencies: list[float], n: int) -> dict:
    """Requests per second and p50/p99 in milliseconds."""
    return {"rps": n / seconds, "p50": percentile_ms(latencies, 0.5), "p99": percentile_ms(latencies, 0.99)}


def percentile_ms(latencies_s, q: float) -> float:
    ordered = sorted(latencies_s)
    return ordered[int(q * (len(ordered) - 1))] * 1000 if ordered else float("nan")


def p95_p50_ms(fn, n: int) -> tuple[float, float]:
    """Call `fn` `n` times; (p95, p50) of its wall time in milliseconds."""
    latencies = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        latencies.append(time.perf_counter() - start)
    return percentile_ms(latencies, 0.95), percentile_ms(latencies, 0.5)


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the server has used (from /proc): the process and its workers."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")
