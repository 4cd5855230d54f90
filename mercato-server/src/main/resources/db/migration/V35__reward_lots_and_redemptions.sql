-- Reward tokens by lot, and redemptions (issue 7, docs/rewards.md, ADR 0022).

-- Every award is a lot: what is left of it (remaining), what expired of it, and when it expires
-- (null: never). Spending and redemptions take from the soonest-expiring lots first; the expiry
-- job moves what is left of a lot past its expiry to the expired-tokens account. Per user, the
-- wallet's ledger balance equals the sum of remaining (once the job has run for lots past expiry).
ALTER TABLE reward_rules ADD COLUMN expires_after_days INT CHECK (expires_after_days > 0);

ALTER TABLE reward_awards
  ADD COLUMN expires_at TIMESTAMPTZ,
  ADD COLUMN remaining  BIGINT,
  ADD COLUMN expired    BIGINT NOT NULL DEFAULT 0 CHECK (expired >= 0);

-- Awards made before lots existed: what each wallet has used (awarded less its ledger balance) is
-- taken from its oldest awards first, so remaining sums to the wallet's balance.
WITH wallets AS (
  SELECT a.owner_id AS user_id, coalesce(sum(b.posted), 0) AS balance
  FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
  WHERE a.owner_type = 'user' AND a.purpose = 'rewards.wallet'
  GROUP BY a.owner_id),
running AS (
  SELECT w.id, w.amount, sum(w.amount) OVER (PARTITION BY w.user_id ORDER BY w.awarded_at, w.id) AS upto,
         sum(w.amount) OVER (PARTITION BY w.user_id) - coalesce(b.balance, 0) AS used
  FROM reward_awards w LEFT JOIN wallets b ON b.user_id = w.user_id)
UPDATE reward_awards r SET remaining = LEAST(r.amount, GREATEST(0, running.upto - running.used))
FROM running WHERE running.id = r.id;

ALTER TABLE reward_awards
  ALTER COLUMN remaining SET NOT NULL,
  ADD CONSTRAINT reward_awards_lot_check CHECK (remaining >= 0 AND remaining + expired <= amount);

-- The draw order's index (spendable lots of a user) and the expiry job's (lots due).
CREATE INDEX reward_awards_spendable_idx ON reward_awards (user_id, expires_at, awarded_at) WHERE remaining > 0;
CREATE INDEX reward_awards_due_idx ON reward_awards (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;
CREATE INDEX reward_awards_expiry_time_idx ON reward_awards (expires_at) INCLUDE (remaining, expired, user_id)
  WHERE expires_at IS NOT NULL;

-- A redemption turns tokens into something else, in one ledger transaction of type rewards.redeem:
--   cash     tokens at face_value each, less the fee, become the user's available earnings (paid
--            out through payouts: payout_id once requested)
--   credits  tokens become free CREDIT (a lot of the credits module: credit_lot_id)
--   feature  tokens buy a plan feature as an entitlement override until feature_expires_at
--   voucher  tokens buy a voucher code (reward_vouchers) worth a configured value
CREATE TABLE reward_redemptions
(
  id                 TEXT PRIMARY KEY,
  user_id            TEXT        NOT NULL,
  type               TEXT        NOT NULL CHECK (type IN ('cash', 'credits', 'feature', 'voucher')),
  tokens             BIGINT      NOT NULL CHECK (tokens > 0),
  currency           TEXT,
  face_value         BIGINT,
  fee                BIGINT,
  cash               BIGINT,
  credits            BIGINT,
  credit_lot_id      TEXT,
  feature            TEXT,
  feature_expires_at TIMESTAMPTZ,
  voucher_code       TEXT,
  payout_id          TEXT,
  transaction_id     TEXT        NOT NULL,
  created_at         TIMESTAMPTZ NOT NULL,
  CHECK (type <> 'cash' OR (currency IS NOT NULL AND face_value = cash + fee)),
  CHECK (type <> 'credits' OR credits > 0),
  CHECK (type <> 'feature' OR feature IS NOT NULL),
  CHECK (type <> 'voucher' OR voucher_code IS NOT NULL)
);
CREATE INDEX reward_redemptions_user_idx ON reward_redemptions (user_id, id);
CREATE INDEX reward_redemptions_time_idx ON reward_redemptions (created_at) INCLUDE (tokens, type, user_id);

-- A voucher code: unique, worth value (minor units of currency), used once. The platform (or a
-- partner) honours it and marks it used; its value is not a ledger movement until then.
CREATE TABLE reward_vouchers
(
  code           TEXT PRIMARY KEY,
  redemption_id  TEXT        NOT NULL UNIQUE REFERENCES reward_redemptions (id),
  user_id        TEXT        NOT NULL,
  value          BIGINT      NOT NULL CHECK (value > 0),
  currency       TEXT        NOT NULL,
  issued_at      TIMESTAMPTZ NOT NULL,
  used_at        TIMESTAMPTZ,
  used_by        TEXT,
  used_reference TEXT,
  CHECK ((used_at IS NULL) = (used_by IS NULL))
);
CREATE INDEX reward_vouchers_user_idx ON reward_vouchers (user_id, issued_at);
