-- What billing did about a subscription's card payment after it was made (docs/billing.md, "Processor webhooks").

-- The processor confirmed a recorded payment: one confirmation (and email) per payment, however many webhooks say so.
CREATE TABLE billing_payment_confirmations
(
  payment_id      TEXT PRIMARY KEY,
  subscription_id TEXT        NOT NULL,
  confirmed_at    TIMESTAMPTZ NOT NULL
);

-- A payment captured for a subscription change that never committed (ADR 0017), and what became of it:
-- recorded after all, or refunded ('refunding' while the refund is being asked for, so a crash resumes it).
CREATE TABLE billing_unrecorded_payments
(
  payment_id      TEXT PRIMARY KEY,
  subscription_id TEXT        NOT NULL,
  idempotency_key TEXT        NOT NULL,
  amount          BIGINT      NOT NULL CHECK (amount > 0),
  currency        TEXT        NOT NULL,
  outcome         TEXT        NOT NULL CHECK (outcome IN ('recorded', 'refunding', 'refunded')),
  found_at        TIMESTAMPTZ NOT NULL,
  resolved_at     TIMESTAMPTZ
);

-- Money of a recorded payment that left again (a failure after capture, a refund made at the processor, a lost
-- dispute), once per processor object that reported it.
CREATE TABLE billing_payment_reversals
(
  payment_id      TEXT        NOT NULL,
  source          TEXT        NOT NULL,
  subscription_id TEXT        NOT NULL,
  amount          BIGINT      NOT NULL CHECK (amount >= 0),
  currency        TEXT        NOT NULL,
  reason          TEXT        NOT NULL,
  ledger_txn_id   TEXT,
  dunning_started BOOLEAN     NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (payment_id, source)
);

-- How far the janitor has looked through captured subscription payments (by their last change).
CREATE TABLE billing_payment_sweeps
(
  name             TEXT PRIMARY KEY,
  after_updated_at TIMESTAMPTZ NOT NULL,
  after_id         TEXT        NOT NULL
);

-- The janitor's walk through captured payments in the order they last changed.
CREATE INDEX payment_attempts_captured_idx ON payment_attempts (updated_at, id) WHERE status = 'captured';
