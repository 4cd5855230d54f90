-- Coupons and their redemptions, add-ons and the subscriptions they are attached to, and the
-- discount and tax an invoice carries.

CREATE TABLE billing_coupons
(
  code             TEXT PRIMARY KEY,
  name             TEXT,
  percent_off      INT CHECK (percent_off BETWEEN 1 AND 100),
  amount_off       BIGINT CHECK (amount_off > 0),
  currency         TEXT,
  duration         TEXT        NOT NULL CHECK (duration IN ('once', 'repeating', 'forever')),
  duration_periods INT CHECK (duration_periods BETWEEN 1 AND 120),
  max_redemptions  INT CHECK (max_redemptions >= 1),
  times_redeemed   INT         NOT NULL DEFAULT 0 CHECK (times_redeemed >= 0),
  redeem_by        TIMESTAMPTZ,
  plan_ids         TEXT[],
  created_at       TIMESTAMPTZ NOT NULL,
  CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
  CHECK ((amount_off IS NULL) = (currency IS NULL)),
  CHECK ((duration = 'repeating') = (duration_periods IS NOT NULL)),
  -- the redemption count can never pass the limit, whatever races
  CHECK (max_redemptions IS NULL OR times_redeemed <= max_redemptions)
);

-- One redemption per coupon and customer. periods_left counts the period invoices the discount still
-- applies to (null: forever); last_period_start is the period it last discounted (proration of that
-- period credits the unused part of its discount). A newer coupon on the subscription ends this one.
CREATE TABLE billing_coupon_redemptions
(
  coupon_code       TEXT        NOT NULL REFERENCES billing_coupons (code),
  user_id           TEXT        NOT NULL,
  subscription_id   TEXT        NOT NULL REFERENCES billing_subscriptions (id),
  periods_left      INT CHECK (periods_left >= 0),
  last_period_start TIMESTAMPTZ,
  invoices          INT         NOT NULL DEFAULT 0,
  discounted        BIGINT      NOT NULL DEFAULT 0,
  redeemed_at       TIMESTAMPTZ NOT NULL,
  ended_at          TIMESTAMPTZ,
  PRIMARY KEY (coupon_code, user_id)
);
CREATE UNIQUE INDEX billing_coupon_redemptions_one_active ON billing_coupon_redemptions (subscription_id)
  WHERE ended_at IS NULL;

CREATE TABLE billing_add_ons
(
  id           TEXT PRIMARY KEY,
  name         TEXT        NOT NULL,
  description  TEXT,
  prices       JSONB       NOT NULL,
  features     JSONB       NOT NULL,
  max_quantity INT         NOT NULL CHECK (max_quantity BETWEEN 1 AND 1000),
  active       BOOLEAN     NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  updated_at   TIMESTAMPTZ NOT NULL
);

-- An add-on on a subscription: quantity and the unit price paid for the current period (what a
-- removal or a change of quantity credits the unused part of).
CREATE TABLE billing_subscription_add_ons
(
  subscription_id TEXT        NOT NULL REFERENCES billing_subscriptions (id),
  add_on_id       TEXT        NOT NULL REFERENCES billing_add_ons (id),
  quantity        INT         NOT NULL CHECK (quantity >= 1),
  unit_price      BIGINT      NOT NULL CHECK (unit_price >= 0),
  added_at        TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (subscription_id, add_on_id)
);

ALTER TABLE billing_invoices ADD COLUMN discount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE billing_invoices ADD COLUMN tax_rate_percent NUMERIC(7, 4) NOT NULL DEFAULT 0;
