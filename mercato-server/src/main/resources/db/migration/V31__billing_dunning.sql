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
