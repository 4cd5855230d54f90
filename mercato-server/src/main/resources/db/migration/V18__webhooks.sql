-- Outbound webhooks: operator-registered endpoints, the events Mercato emits, one delivery per
-- event and endpoint, and a log row per HTTP attempt.

-- An endpoint's signing secret is kept readable because every delivery is signed with it; the
-- previous secret signs too until previous_secret_expires_at while a rotation overlaps.
-- failing_since is the first failed attempt since the last successful one (null when healthy).
CREATE TABLE webhook_endpoints
(
  id                         TEXT PRIMARY KEY,
  url                        TEXT        NOT NULL,
  description                TEXT,
  enabled_events             TEXT[]      NOT NULL CHECK (cardinality(enabled_events) > 0),
  secret                     TEXT        NOT NULL,
  previous_secret            TEXT,
  previous_secret_expires_at TIMESTAMPTZ,
  status                     TEXT        NOT NULL CHECK (status IN ('enabled', 'disabled')),
  disabled_reason            TEXT,
  disabled_at                TIMESTAMPTZ,
  failing_since              TIMESTAMPTZ,
  created_at                 TIMESTAMPTZ NOT NULL,
  updated_at                 TIMESTAMPTZ NOT NULL,
  CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL)),
  CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
);

-- One row per domain event, keyed by the object it is about so a redelivered domain event (the
-- outbox delivers at least once) records nothing twice.
CREATE TABLE webhook_events
(
  id         TEXT PRIMARY KEY,
  type       TEXT        NOT NULL,
  object_id  TEXT        NOT NULL,
  data       JSON        NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (type, object_id)
);
CREATE INDEX webhook_events_type_idx ON webhook_events (type, id);

-- next_attempt_at is when the dispatcher may next claim the delivery; a claim moves it a lease
-- ahead, so a dispatcher that dies mid-attempt leaves the delivery to be claimed again later.
CREATE TABLE webhook_deliveries
(
  id              TEXT PRIMARY KEY,
  event_id        TEXT        NOT NULL REFERENCES webhook_events (id),
  endpoint_id     TEXT        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  origin          TEXT        NOT NULL CHECK (origin IN ('event', 'replay')),
  status          TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts        INT         NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL,
  completed_at    TIMESTAMPTZ,
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

-- The delivery log. The key makes "attempt n of a delivery" happen once, whoever claimed it.
CREATE TABLE webhook_delivery_attempts
(
  delivery_id   TEXT        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt       INT         NOT NULL,
  attempted_at  TIMESTAMPTZ NOT NULL,
  succeeded     BOOLEAN     NOT NULL,
  status_code   INT,
  latency_ms    BIGINT      NOT NULL,
  error         TEXT,
  response_body TEXT,
  PRIMARY KEY (delivery_id, attempt)
);
