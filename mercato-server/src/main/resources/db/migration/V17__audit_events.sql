-- The audit trail: one row per state-changing API request that succeeded or was refused for lack
-- of permission (docs/audit.md). Append-only: rows are never changed, and deleted only by
-- audit_events_purge (retention), which is the one documented way out.
CREATE TABLE audit_events
(
  id            TEXT PRIMARY KEY,
  occurred_at   TIMESTAMPTZ NOT NULL,
  actor_id      TEXT,
  on_behalf_of  TEXT,
  api_key_id    TEXT,
  method        TEXT        NOT NULL,
  route         TEXT        NOT NULL,
  action        TEXT        NOT NULL,
  resource_type TEXT,
  resource_id   TEXT,
  status        SMALLINT    NOT NULL,
  request_id    TEXT        NOT NULL,
  client_ip     TEXT,
  summary       JSONB       NOT NULL DEFAULT '{}'
);
-- Listing is newest first by id (ids are time-ordered); each filter has an index that keeps that order.
CREATE INDEX audit_events_resource_idx ON audit_events (resource_id, id) WHERE resource_id IS NOT NULL;
CREATE INDEX audit_events_type_idx ON audit_events (resource_type, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id);
CREATE INDEX audit_events_on_behalf_idx ON audit_events (on_behalf_of, id) WHERE on_behalf_of IS NOT NULL;
CREATE INDEX audit_events_request_idx ON audit_events (request_id);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at);

-- Rejects every UPDATE, and every DELETE that does not come from audit_events_purge. A database
-- superuser can still get around a trigger; this guards against mistakes and ordinary sessions.
CREATE FUNCTION audit_events_forbid_change() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('mercato.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only (% refused); use audit_events_purge(before) for retention', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_forbid_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_forbid_change();

-- Retention: deletes the events that occurred before the cutoff and returns how many. The flag it
-- sets lives only until the end of the calling transaction.
CREATE FUNCTION audit_events_purge(before TIMESTAMPTZ) RETURNS BIGINT LANGUAGE plpgsql AS
$$
DECLARE
  deleted BIGINT;
BEGIN
  PERFORM set_config('mercato.audit_purge', 'on', true);
  DELETE FROM audit_events WHERE occurred_at < before;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  PERFORM set_config('mercato.audit_purge', 'off', true);
  RETURN deleted;
END
$$;
