# Fixes live in a table partitioned by day (declarative partitioning). Its primary key
# (device_id, time) makes exact duplicates impossible and serves per-device track reads;
# (user_id, time) serves per-worker tracks, reports and visit proofs. No foreign keys: every row
# is checked by ingest, and FK checks would cost each of thousands of inserts per second.
# A default partition catches fixes whose day has no partition yet; tracking.partitions moves them
# out when it creates that day's partition.

from django.db import migrations

SQL = """
CREATE TABLE tracking_position (
    device_id bigint NOT NULL,
    user_id bigint NOT NULL,
    time timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    geom geometry(Point, 4326) NOT NULL,
    accuracy_m real,
    speed_mps real,
    heading real,
    altitude_m real,
    battery real,
    charging boolean,
    flags smallint NOT NULL DEFAULT 0,
    micro_grid_id bigint,
    grid_id bigint,
    location_code varchar(18) NOT NULL DEFAULT '',
    h3 bigint,
    client_id uuid,
    source varchar(16) NOT NULL,
    attributes jsonb,
    PRIMARY KEY (device_id, time)
) PARTITION BY RANGE (time);
CREATE INDEX tracking_position_user_time ON tracking_position (user_id, time);
CREATE TABLE tracking_position_default PARTITION OF tracking_position DEFAULT;

CREATE TABLE tracking_heat (
    res smallint NOT NULL,
    cell bigint NOT NULL,
    hour timestamptz NOT NULL,
    street_code varchar(9) NOT NULL,
    fixes integer NOT NULL,
    PRIMARY KEY (res, cell, hour, street_code)
);
CREATE INDEX tracking_heat_res_hour ON tracking_heat (res, hour);

-- The H3 parent of a cell at a coarser resolution, by bit arithmetic on the 64-bit index (no
-- extension needed): set the resolution field (bits 52–55) and every finer digit to 7.
CREATE FUNCTION h3_parent(cell bigint, res int) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (cell & ~(15::bigint << 52)) | (res::bigint << 52) | ((1::bigint << (3 * (15 - res))) - 1)
$$;
"""

REVERSE = """
DROP FUNCTION h3_parent(bigint, int);
DROP TABLE tracking_heat;
DROP TABLE tracking_position;
"""


class Migration(migrations.Migration):
    dependencies = [("tracking", "0003_heatcell")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
