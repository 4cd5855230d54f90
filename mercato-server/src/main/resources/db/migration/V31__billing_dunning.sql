-- Dunning: one row per unpaid period of a past-due subscription. next_step_at is when the next
-- retry of the stored card is due (while retries_done is below the configured number of retries),
-- then when the final action (cancel or move to Free) is due.
CREATE TABLE billing_dunning
(
  subscription_id TEXT        NOT NULL REFERENCES billing_subscriptions (id),
  period_start    TIMESTAMPTZ NOT NULL,
  first_failed_at TIMESTAMPTZ NOT NULL,
  retries_done    INT         NOT NULL DEFAULT 0 CHECK (retries_done >= 0),
  next_step_at    TIMESTAMPTZ NOT NULL,
  outcome         TEXT CHECK (outcome IN ('recovered', 'canceled', 'moved_to_free')),
  closed_at       TIMESTAMPTZ,
  PRIMARY KEY (subscription_id, period_start)
);

CREATE INDEX billing_dunning_due ON billing_dunning (next_step_at) WHERE outcome IS NULL;

-- Invoices: one per charge (a period, a proration, a resumption) and one per unpaid period, with
-- lines. Numbers come from a counter row per year, locked by the transaction that issues the
-- invoice: a rolled-back invoice gives its number back, so numbers have no gaps.
CREATE TABLE billing_invoice_numbers
(
  year        INT PRIMARY KEY,
  last_number BIGINT NOT NULL
);

CREATE TABLE billing_invoices
(
  id                      TEXT PRIMARY KEY,
  number                  TEXT UNIQUE,
  user_id                 TEXT        NOT NULL,
  subscription_id         TEXT        NOT NULL REFERENCES billing_subscriptions (id),
  status                  TEXT        NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
  currency                TEXT        NOT NULL,
  subtotal                BIGINT      NOT NULL,
  tax                     BIGINT      NOT NULL DEFAULT 0,
  total                   BIGINT      NOT NULL,
  credit_applied          BIGINT      NOT NULL DEFAULT 0,
  amount_due              BIGINT      NOT NULL,
  amount_paid             BIGINT      NOT NULL DEFAULT 0,
  period_start            TIMESTAMPTZ NOT NULL,
  period_end              TIMESTAMPTZ NOT NULL,
  payment_id              TEXT,
  ledger_txn_id           TEXT,
  created_at              TIMESTAMPTZ NOT NULL,
  finalized_at            TIMESTAMPTZ,
  paid_at                 TIMESTAMPTZ,
  voided_at               TIMESTAMPTZ,
  marked_uncollectible_at TIMESTAMPTZ
);

CREATE INDEX billing_invoices_user ON billing_invoices (user_id, id);
CREATE UNIQUE INDEX billing_invoices_one_open ON billing_invoices (subscription_id, period_start) WHERE status = 'open';

CREATE TABLE billing_invoice_lines
(
  invoice_id    TEXT   NOT NULL REFERENCES billing_invoices (id),
  position      INT    NOT NULL,
  kind          TEXT   NOT NULL,
  description   TEXT   NOT NULL,
  amount        BIGINT NOT NULL,
  ledger_txn_id TEXT,
  PRIMARY KEY (invoice_id, position)
);
