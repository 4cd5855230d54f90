-- Payments: Mercato's record of every payment it asked a processor for, the processor webhooks it
-- received, and the simulated processor's own state. Only the payments module writes these tables.

-- One row per payment attempt, written BEFORE the processor is called (status 'pending') and
-- updated after, so a timeout or a crash in between leaves a row the janitor reconciles.
CREATE TABLE payment_attempts
(
  id                   TEXT PRIMARY KEY,
  adapter              TEXT        NOT NULL,
  idempotency_key      TEXT        NOT NULL UNIQUE,
  request_hash         BYTEA       NOT NULL,
  processor_payment_id TEXT,
  amount               BIGINT      NOT NULL CHECK (amount > 0),
  currency             TEXT        NOT NULL,
  amount_captured      BIGINT      NOT NULL DEFAULT 0 CHECK (amount_captured >= 0),
  amount_refunded      BIGINT      NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount_captured),
  status               TEXT        NOT NULL CHECK (status IN ('pending', 'requires_action', 'authorized', 'captured',
                                                              'canceled', 'failed', 'unknown')),
  failure_code         TEXT,
  failure_message      TEXT,
  next_action_url      TEXT,
  transfer_group       TEXT,
  metadata             JSONB       NOT NULL DEFAULT '{}',
  created_at           TIMESTAMPTZ NOT NULL,
  updated_at           TIMESTAMPTZ NOT NULL,
  -- when the janitor may look at this attempt next (only while it is unsettled)
  next_check_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX payment_attempts_unsettled_idx ON payment_attempts (next_check_at)
  WHERE status IN ('pending', 'unknown', 'requires_action');
CREATE INDEX payment_attempts_processor_idx ON payment_attempts (adapter, processor_payment_id);

-- Every verified processor webhook, once: a replayed delivery finds its row and has no effect.
CREATE TABLE processor_events
(
  adapter     TEXT        NOT NULL,
  event_id    TEXT        NOT NULL,
  type        TEXT        NOT NULL,
  source_type TEXT        NOT NULL,
  object_id   TEXT,
  payment_id  TEXT,
  account_id  TEXT,
  amount      BIGINT      NOT NULL DEFAULT 0,
  fee         BIGINT      NOT NULL DEFAULT 0,
  currency    TEXT,
  created_at  TIMESTAMPTZ NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  payload     TEXT        NOT NULL,
  PRIMARY KEY (adapter, event_id)
);

-- The simulated processor's side. It stands in for Stripe, so it keeps its own state and
-- survives restarts: the janitor can ask it about a payment whose answer Mercato never got.
CREATE TABLE simulated_payments
(
  id              TEXT PRIMARY KEY,
  reference       TEXT,
  amount          BIGINT      NOT NULL CHECK (amount > 0),
  currency        TEXT        NOT NULL,
  payment_method  TEXT        NOT NULL,
  status          TEXT        NOT NULL,
  amount_captured BIGINT      NOT NULL DEFAULT 0,
  amount_refunded BIGINT      NOT NULL DEFAULT 0 CHECK (amount_refunded <= amount_captured),
  failure_code    TEXT,
  failure_message TEXT,
  transfer_group  TEXT,
  metadata        JSONB       NOT NULL DEFAULT '{}',
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX simulated_payments_reference_idx ON simulated_payments (reference);

-- Idempotency as Stripe does it: the first request under a key is kept; the same key with the
-- same parameters answers with the same object, with other parameters it is refused.
CREATE TABLE simulated_requests
(
  idempotency_key TEXT PRIMARY KEY,
  operation       TEXT        NOT NULL,
  request_hash    BYTEA       NOT NULL,
  object_id       TEXT,
  failure_code    TEXT,
  failure_message TEXT,
  created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE simulated_refunds
(
  id         TEXT PRIMARY KEY,
  payment_id TEXT        NOT NULL REFERENCES simulated_payments (id),
  amount     BIGINT      NOT NULL CHECK (amount > 0),
  currency   TEXT        NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE simulated_accounts
(
  id              TEXT PRIMARY KEY,
  reference       TEXT,
  email           TEXT,
  country         TEXT,
  charges_enabled BOOLEAN     NOT NULL,
  payouts_enabled BOOLEAN     NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE simulated_transfers
(
  id                TEXT PRIMARY KEY,
  account_id        TEXT        NOT NULL REFERENCES simulated_accounts (id),
  amount            BIGINT      NOT NULL CHECK (amount > 0),
  currency          TEXT        NOT NULL,
  transfer_group    TEXT,
  source_payment_id TEXT REFERENCES simulated_payments (id),
  created_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE simulated_disputes
(
  id         TEXT PRIMARY KEY,
  payment_id TEXT        NOT NULL REFERENCES simulated_payments (id),
  amount     BIGINT      NOT NULL CHECK (amount > 0),
  fee        BIGINT      NOT NULL CHECK (fee >= 0),
  currency   TEXT        NOT NULL,
  status     TEXT        NOT NULL CHECK (status IN ('needs_response', 'won', 'lost')),
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
