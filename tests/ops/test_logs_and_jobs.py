"""One request id through HTTP, the logs (JSON lines) and procrastinate jobs."""

import asyncio
import io
import json
import logging
import time

import pytest
from procrastinate import job_context, jobs

from ops import context
from ops.jobs import CARRIED_ID, job_middleware
from ops.logs import JsonFormatter, RequestIdFilter
from tests.ops.conftest import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """Lines the access logger writes, formatted as in production with LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("wangge.access")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_a_request_keeps_the_callers_id_in_its_response_and_log(client, json_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-7f3a9c")
    assert response["X-Request-ID"] == "nginx-7f3a9c"
    (line,) = json_log()
    assert line["request_id"] == "nginx-7f3a9c"
    assert (line["route"], line["status"], line["method"]) == ("healthz", 200, "GET")
    assert line["level"] == "INFO" and line["logger"] == "wangge.access" and line["duration_ms"] >= 0


def test_a_request_without_a_plain_id_gets_a_new_one(client, json_log):
    first = client.get("/healthz", HTTP_X_REQUEST_ID="bad id; rm -rf")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 24 and int(first, 16) and first != second
    assert [line["request_id"] for line in json_log()] == [first, second]


def test_json_lines_carry_extra_fields_and_exceptions():
    record = logging.LogRecord("wangge.test", logging.ERROR, __file__, 1, "失败 %s", ("x",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    record.device = 42
    with context.bound(context.RequestContext(id="req-1")):
        RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "失败 x" and line["request_id"] == "req-1" and line["device"] == 42
    assert "ValueError: boom" in line["exception"]


def test_a_job_deferred_in_a_request_runs_under_that_requests_id(client):
    from events.tasks import scan_event_deadlines
    from ops.metrics import render

    with context.bound(context.RequestContext(id="req-abc")):
        job_id = scan_event_deadlines.configure(queueing_lock=None).defer(timestamp=0)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT args FROM procrastinate_jobs WHERE id = %s", [job_id])
        args = json.loads(cursor.fetchone()[0])
    assert args == {"timestamp": 0, CARRIED_ID: "req-abc"}

    job = jobs.Job(id=job_id, queue="events", lock=None, queueing_lock=None, task_name="t", task_kwargs=args)
    ctx = job_context.JobContext(app=None, job=job, start_timestamp=time.time(), abort_reason=lambda: None)
    seen = {}

    async def task():
        seen["id"] = context.request_id()
        seen["kwargs"] = dict(job.task_kwargs)

    before = sample(render().decode(), "wangge_jobs_total", task="t", outcome="succeeded")
    asyncio.run(job_middleware(task, ctx, None))
    assert seen == {"id": "req-abc", "kwargs": {"timestamp": 0}}  # the task never sees the carried id
    assert sample(render().decode(), "wangge_jobs_total", task="t", outcome="succeeded") == before + 1

    periodic = jobs.Job(id=7, queue="events", lock=None, queueing_lock=None, task_name="t", task_kwargs={})
    ctx = ctx.evolve(job=periodic)
    asyncio.run(job_middleware(task, ctx, None))
    assert seen["id"] == "job-7"
