-- Sellers' payout accounts with the processor. Earnings, schedules and payouts build on this.
CREATE TABLE payout_accounts
(
  id                   TEXT PRIMARY KEY,
  seller_id            TEXT        NOT NULL UNIQUE,
  processor            TEXT        NOT NULL,
  processor_account_id TEXT        NOT NULL,
  charges_enabled      BOOLEAN     NOT NULL,
  payouts_enabled      BOOLEAN     NOT NULL,
  details_submitted    BOOLEAN     NOT NULL,
  -- days earnings stay pending for this seller; null means the platform default
  hold_days            INT CHECK (hold_days BETWEEN 0 AND 365),
  created_at           TIMESTAMPTZ NOT NULL,
  updated_at           TIMESTAMPTZ NOT NULL
);
