-- Billing: plans, subscriptions, what each subscription was charged or credited, per-user
-- entitlement overrides and usage counters for metered quotas.

CREATE TABLE billing_plans
(
  id          TEXT PRIMARY KEY,
  name        TEXT        NOT NULL,
  description TEXT,
  tier        INT         NOT NULL,
  trial_days  INT         NOT NULL CHECK (trial_days BETWEEN 0 AND 365),
  prices      JSONB       NOT NULL,
  features    JSONB       NOT NULL,
  active      BOOLEAN     NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE billing_subscriptions
(
  id                   TEXT PRIMARY KEY,
  user_id              TEXT        NOT NULL,
  plan_id              TEXT        NOT NULL REFERENCES billing_plans (id),
  currency             TEXT        NOT NULL,
  billing_interval     TEXT        NOT NULL CHECK (billing_interval IN ('month', 'year')),
  price                BIGINT      NOT NULL CHECK (price >= 0),
  status               TEXT        NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'paused', 'canceled')),
  payment_method       TEXT,
  billing_anchor       TIMESTAMPTZ NOT NULL,
  current_period_start TIMESTAMPTZ NOT NULL,
  current_period_end   TIMESTAMPTZ NOT NULL CHECK (current_period_end > current_period_start),
  trial_end            TIMESTAMPTZ,
  cancel_at_period_end BOOLEAN     NOT NULL DEFAULT false,
  canceled_at          TIMESTAMPTZ,
  ended_at             TIMESTAMPTZ,
  paused_at            TIMESTAMPTZ,
  failed_payments      INT         NOT NULL DEFAULT 0,
  failure_code         TEXT,
  version              INT         NOT NULL DEFAULT 1,
  created_at           TIMESTAMPTZ NOT NULL,
  updated_at           TIMESTAMPTZ NOT NULL
);
-- One live subscription per user; canceled ones stay as history.
CREATE UNIQUE INDEX billing_subscriptions_one_live ON billing_subscriptions (user_id) WHERE status <> 'canceled';
CREATE INDEX billing_subscriptions_user ON billing_subscriptions (user_id, id);
-- What the renewal job looks for.
CREATE INDEX billing_subscriptions_due ON billing_subscriptions (current_period_end)
  WHERE status IN ('trialing', 'active');

-- Every amount a subscription moved: a first period, a renewal, a proration (negative: credited to
-- the customer's account credit), a resumption. The seed of invoices.
CREATE TABLE billing_charges
(
  id               TEXT PRIMARY KEY,
  subscription_id  TEXT        NOT NULL REFERENCES billing_subscriptions (id),
  user_id          TEXT        NOT NULL,
  kind             TEXT        NOT NULL,
  plan_id          TEXT        NOT NULL,
  currency         TEXT        NOT NULL,
  amount           BIGINT      NOT NULL,
  credit_applied   BIGINT      NOT NULL CHECK (credit_applied >= 0),
  paid_by_card     BIGINT      NOT NULL CHECK (paid_by_card >= 0),
  processor_fee    BIGINT      NOT NULL CHECK (processor_fee >= 0),
  payment_id       TEXT,
  ledger_txn_id    TEXT,
  period_start     TIMESTAMPTZ NOT NULL,
  period_end       TIMESTAMPTZ NOT NULL,
  created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX billing_charges_subscription ON billing_charges (subscription_id, created_at);
CREATE INDEX billing_charges_payment ON billing_charges (payment_id) WHERE payment_id IS NOT NULL;

CREATE TABLE billing_entitlement_overrides
(
  user_id    TEXT        NOT NULL,
  feature    TEXT        NOT NULL,
  spec       JSONB       NOT NULL,
  expires_at TIMESTAMPTZ,
  note       TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, feature)
);

-- Units of a metered quota consumed per user and period (a UTC day or month).
CREATE TABLE billing_usage
(
  user_id      TEXT        NOT NULL,
  feature      TEXT        NOT NULL,
  period_start TIMESTAMPTZ NOT NULL,
  used         BIGINT      NOT NULL CHECK (used >= 0),
  updated_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, feature, period_start)
);
