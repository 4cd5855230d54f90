-- Refunds per order line; how much of each line and of each seller's earnings has been refunded.
ALTER TABLE order_lines ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0);
ALTER TABLE order_lines ADD CONSTRAINT order_lines_refund_within_price CHECK (refunded <= price);
ALTER TABLE seller_earnings ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0);

CREATE TABLE refunds
(
  id                TEXT PRIMARY KEY,
  order_id          TEXT        NOT NULL REFERENCES orders (id),
  amount            BIGINT      NOT NULL CHECK (amount > 0),
  status            TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  reason            TEXT,
  -- per line: [{"line":1,"amount":500,"seller":350,"platform":150,"fee":0}]
  lines             JSONB       NOT NULL,
  processor_refund  TEXT,
  failure_code      TEXT,
  requested_by      TEXT        NOT NULL,
  created_at        TIMESTAMPTZ NOT NULL,
  updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX refunds_order_idx ON refunds (order_id);
