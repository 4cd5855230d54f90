-- HTTP idempotency: the first response to a POST with an Idempotency-Key is stored and replayed.
-- scope is a hash of the caller's credentials, so two callers never see each other's keys.
CREATE TABLE idempotency_records
(
  scope           TEXT        NOT NULL,
  idempotency_key TEXT        NOT NULL,
  request_hash    BYTEA       NOT NULL,
  state           TEXT        NOT NULL CHECK (state IN ('in_progress', 'completed')),
  locked_until    TIMESTAMPTZ NOT NULL,
  response_status INT,
  response_type   TEXT,
  response_body   BYTEA,
  created_at      TIMESTAMPTZ NOT NULL,
  expires_at      TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_records_expiry_idx ON idempotency_records (expires_at);
