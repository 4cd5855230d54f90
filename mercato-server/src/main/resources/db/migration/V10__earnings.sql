-- Each seller's earnings per order: pending until release_at, then moved to available in the ledger.
CREATE TABLE seller_earnings
(
  order_id    TEXT        NOT NULL,
  seller_id   TEXT        NOT NULL,
  currency    TEXT        NOT NULL,
  amount      BIGINT      NOT NULL CHECK (amount > 0),
  earned_at   TIMESTAMPTZ NOT NULL,
  release_at  TIMESTAMPTZ NOT NULL,
  released_at TIMESTAMPTZ,
  PRIMARY KEY (order_id, seller_id)
);
CREATE INDEX seller_earnings_due_idx ON seller_earnings (release_at) WHERE released_at IS NULL;
CREATE INDEX seller_earnings_seller_idx ON seller_earnings (seller_id, earned_at);
