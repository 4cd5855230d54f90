-- Background jobs. scheduled_tasks is db-scheduler's own table, as its documentation gives it for
-- PostgreSQL: one row per scheduled execution (a recurring job has one, instance 'recurring').
CREATE TABLE scheduled_tasks
(
  task_name            TEXT                     NOT NULL,
  task_instance        TEXT                     NOT NULL,
  task_data            BYTEA,
  execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
  picked               BOOLEAN                  NOT NULL,
  picked_by            TEXT,
  last_success         TIMESTAMP WITH TIME ZONE,
  last_failure         TIMESTAMP WITH TIME ZONE,
  consecutive_failures INT,
  last_heartbeat       TIMESTAMP WITH TIME ZONE,
  version              BIGINT                   NOT NULL,
  priority             SMALLINT,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- db-scheduler keeps only the current state of each execution; this is the history operators read.
CREATE TABLE job_runs
(
  id            TEXT PRIMARY KEY,
  task_name     TEXT        NOT NULL,
  task_instance TEXT        NOT NULL,
  instance      TEXT        NOT NULL,
  started_at    TIMESTAMPTZ NOT NULL,
  finished_at   TIMESTAMPTZ NOT NULL,
  outcome       TEXT        NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
  error         TEXT
);
CREATE INDEX job_runs_task_idx ON job_runs (task_name, id DESC);
CREATE INDEX job_runs_finished_idx ON job_runs (finished_at);
