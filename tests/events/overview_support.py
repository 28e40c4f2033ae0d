"""The overview's figures by hand-written SQL (the API and browser tests compare against these)."""

from django.db import connection

OPEN = ("reported", "accepted", "dispatched", "escalated", "in_progress", "resolved", "returned")


def _sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def expected_events(prefix: str) -> dict:
    """Today's event figures by hand: local days in Asia/Shanghai."""
    (row,) = _sql(
        """
        SELECT count(*) FILTER (WHERE created_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai')
                                                   AT TIME ZONE 'Asia/Shanghai'),
               count(*) FILTER (WHERE status IN ('closed', 'self_handled')
                                AND closed_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai')
                                                 AT TIME ZONE 'Asia/Shanghai'),
               count(*) FILTER (WHERE status = ANY(%s) AND overdue),
               count(*) FILTER (WHERE status = ANY(%s) AND supervised),
               count(*) FILTER (WHERE status = ANY(%s) AND priority >= 3),
               count(*) FILTER (WHERE status = ANY(%s))
        FROM events_event WHERE location_code LIKE %s
        """,
        [list(OPEN)] * 4 + [prefix + "%"],
    )
    return dict(zip(("new", "closed", "overdue", "supervised", "urgent", "open"), row, strict=True))


def expected_streets(prefix: str) -> list[dict]:
    rows = _sql(
        """
        SELECT left(g.code, 9), count(DISTINCT m.user_id),
               count(DISTINCT m.user_id) FILTER (WHERE EXISTS (
                   SELECT 1 FROM tracking_dutysession s WHERE s.user_id = m.user_id AND s.ended_at IS NULL))
        FROM grids_gridmember m JOIN grids_grid g ON g.id = m.grid_id
        WHERE m.role IN ('worker', 'leader') AND g.code LIKE %s
        GROUP BY 1 ORDER BY 1
        """,
        [prefix + "%"],
    )
    return [{"code": street + "000", "workers": n, "on_duty": on} for street, n, on in rows]


def expected_duty(prefix: str) -> dict:
    (row,) = _sql(
        """
        SELECT count(*) FILTER (WHERE p.user_id IS NOT NULL AND p.location_code NOT LIKE g.code || '%%'),
               count(*) FILTER (WHERE p.time < now() - interval '15 minutes'
                                OR (p.user_id IS NULL AND s.started_at < now() - interval '15 minutes'))
        FROM tracking_dutysession s JOIN grids_grid g ON g.id = s.grid_id
        LEFT JOIN tracking_latestposition p ON p.user_id = s.user_id
        WHERE s.ended_at IS NULL AND g.code LIKE %s
        """,
        [prefix + "%"],
    )
    return {"outside": row[0], "silent": row[1]}
