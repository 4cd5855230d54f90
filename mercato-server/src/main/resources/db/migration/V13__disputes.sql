ALTER TABLE orders ADD COLUMN processor_payment_id TEXT;
CREATE INDEX orders_processor_payment_idx ON orders (processor_payment_id) WHERE processor_payment_id IS NOT NULL;

-- Chargebacks reported by the processor. While open, the disputed amount is held from the seller
-- (and the platform's share from its revenue); won returns it, lost pays it and the fee out.
CREATE TABLE disputes
(
  id                   TEXT PRIMARY KEY,
  adapter              TEXT        NOT NULL,
  processor_dispute_id TEXT        NOT NULL,
  order_id             TEXT        NOT NULL REFERENCES orders (id),
  currency             TEXT        NOT NULL,
  amount               BIGINT      NOT NULL CHECK (amount > 0),
  fee                  BIGINT      NOT NULL DEFAULT 0 CHECK (fee >= 0),
  status               TEXT        NOT NULL CHECK (status IN ('open', 'won', 'lost')),
  -- per share: [{"seller_id":…,"account_id":…,"amount":…}] and the platform's part
  shares               JSONB       NOT NULL,
  order_status_before  TEXT        NOT NULL,
  opened_at            TIMESTAMPTZ NOT NULL,
  resolved_at          TIMESTAMPTZ,
  UNIQUE (adapter, processor_dispute_id)
);
