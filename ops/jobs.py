"""The request id and metrics through procrastinate jobs (PROCRASTINATE_ON_APP_READY points here).

A job deferred while a request (or another job) runs carries that id in a reserved keyword argument,
`_request_id`; the worker middleware takes it out before the task runs and makes it the job's id,
so the request's log lines and the job's share one id. A job without one (periodic jobs) runs
under `job-<id>`. The middleware also counts and times every job for /metrics."""

import time

from procrastinate import manager

from ops import context, metrics

__all__ = ["CARRIED_ID", "on_app_ready", "RequestIdJobManager", "job_middleware"]

CARRIED_ID = "_request_id"


class RequestIdJobManager(manager.JobManager):
    """Adds the current request id to the jobs it defers."""

    @staticmethod
    def _carry(jobs):
        rid = context.request_id()
        if not rid:
            return jobs
        return [job.evolve(task_kwargs={**job.task_kwargs, CARRIED_ID: rid}) for job in jobs]

    def batch_defer_jobs(self, jobs, connection=None):
        return super().batch_defer_jobs(self._carry(jobs), connection=connection)

    async def batch_defer_jobs_async(self, jobs, connection=None):
        return await super().batch_defer_jobs_async(self._carry(jobs), connection=connection)


async def job_middleware(call_next, job_context, worker):
    """Wraps every job the worker runs, on its event loop (sync tasks inherit the context)."""
    job = job_context.job
    carried = context.clean_id(job.task_kwargs.pop(CARRIED_ID, None))
    started = time.perf_counter()
    outcome = "failed"
    with context.bound(context.RequestContext(id=carried or f"job-{job.id}")):
        try:
            result = await call_next()
            outcome = "succeeded"
            return result
        finally:
            metrics.job_finished(job.task_name, outcome, time.perf_counter() - started)


def on_app_ready(app):
    app.job_manager = RequestIdJobManager(app.connector)
    middleware = list(app.worker_defaults.get("worker_middleware") or [])
    app.worker_defaults = {**app.worker_defaults, "worker_middleware": [job_middleware, *middleware]}
