-- Payouts to sellers: requested → in_transit → paid | failed (funds return to available) | canceled.
CREATE TABLE payouts
(
  id                    TEXT PRIMARY KEY,
  seller_id             TEXT        NOT NULL,
  currency              TEXT        NOT NULL,
  amount                BIGINT      NOT NULL CHECK (amount > 0),
  status                TEXT        NOT NULL CHECK (status IN ('requested', 'in_transit', 'paid', 'failed', 'canceled')),
  processor             TEXT        NOT NULL,
  processor_transfer_id TEXT,
  failure_code          TEXT,
  created_at            TIMESTAMPTZ NOT NULL,
  updated_at            TIMESTAMPTZ NOT NULL,
  paid_at               TIMESTAMPTZ
);
CREATE INDEX payouts_seller_idx ON payouts (seller_id, id);
