-- Payouts on a schedule, and payouts whose transfer outcome is not known yet.

-- A seller's automatic payouts: everything available, in every currency above the minimum, on the
-- schedule's day at 00:00 UTC. 'manual' (or no row) means payouts happen only on request.
CREATE TABLE payout_schedules
(
  seller_id      TEXT PRIMARY KEY,
  interval       TEXT        NOT NULL CHECK (interval IN ('manual', 'daily', 'weekly', 'monthly')),
  weekly_anchor  SMALLINT CHECK (weekly_anchor BETWEEN 1 AND 7),
  monthly_anchor SMALLINT CHECK (monthly_anchor BETWEEN 1 AND 31),
  next_run_at    TIMESTAMPTZ,
  last_run_at    TIMESTAMPTZ,
  updated_at     TIMESTAMPTZ NOT NULL,
  CHECK ((interval = 'weekly') = (weekly_anchor IS NOT NULL)),
  CHECK ((interval = 'monthly') = (monthly_anchor IS NOT NULL)),
  CHECK ((interval = 'manual') = (next_run_at IS NULL))
);
CREATE INDEX payout_schedules_due_idx ON payout_schedules (next_run_at) WHERE next_run_at IS NOT NULL;

-- How a payout came about, and when the janitor next asks the processor about one whose transfer
-- is unconfirmed (requested after a crash, or in transit).
ALTER TABLE payouts ADD COLUMN origin TEXT NOT NULL DEFAULT 'request' CHECK (origin IN ('request', 'schedule'));
ALTER TABLE payouts ADD COLUMN next_check_at TIMESTAMPTZ;
CREATE INDEX payouts_unsettled_idx ON payouts (next_check_at) WHERE status IN ('requested', 'in_transit');
CREATE INDEX payouts_transfer_idx ON payouts (processor, processor_transfer_id) WHERE processor_transfer_id IS NOT NULL;

-- The simulated processor: how transfers to an account behave (for tests and demos), and each
-- transfer's state.
ALTER TABLE simulated_accounts ADD COLUMN transfer_mode TEXT NOT NULL DEFAULT 'paid'
  CHECK (transfer_mode IN ('paid', 'pending', 'failed', 'unavailable'));
ALTER TABLE simulated_transfers ADD COLUMN status TEXT NOT NULL DEFAULT 'paid'
  CHECK (status IN ('paid', 'pending', 'failed', 'reversed'));
ALTER TABLE simulated_transfers ADD COLUMN failure_code TEXT;
CREATE INDEX simulated_transfers_group_idx ON simulated_transfers (transfer_group) WHERE transfer_group IS NOT NULL;
