-- Reward tokens (issue 7, docs/rewards.md): the operator's earning rules and the awards they made.
-- Balances are not kept here: each award is a ledger transaction from the token treasury to the
-- user's token wallet (asset POT by default), written in the same transaction as its award row.

-- An earning rule pays one of three ways: a fixed amount (amount, with provider_amount for
-- providers when it differs), a share of the award's value in basis points (percent_bps, e.g. 5 %
-- of a deal), or an amount the award call picks within [min_amount, max_amount] (content by type).
CREATE TABLE reward_rules
(
  id               TEXT PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{1,63}$'),
  description      TEXT        NOT NULL,
  amount           BIGINT CHECK (amount > 0),
  provider_amount  BIGINT CHECK (provider_amount > 0),
  percent_bps      INT CHECK (percent_bps > 0 AND percent_bps <= 10000),
  min_amount       BIGINT CHECK (min_amount > 0),
  max_amount       BIGINT,
  daily_cap        INT CHECK (daily_cap > 0),
  lifetime_cap     INT CHECK (lifetime_cap > 0),
  cooldown_seconds BIGINT      NOT NULL DEFAULT 0 CHECK (cooldown_seconds >= 0),
  active           BOOLEAN     NOT NULL DEFAULT true,
  created_at       TIMESTAMPTZ NOT NULL,
  updated_at       TIMESTAMPTZ NOT NULL,
  CHECK ((amount IS NOT NULL)::int + (percent_bps IS NOT NULL)::int + (min_amount IS NOT NULL)::int = 1),
  CHECK (provider_amount IS NULL OR amount IS NOT NULL),
  CHECK ((min_amount IS NULL) = (max_amount IS NULL) AND (max_amount IS NULL OR max_amount >= min_amount))
);

-- One award per rule, user and source (the event or call that earned it): a retried or raced award
-- finds the first one. awarded_at serves the daily cap and the cooldown.
CREATE TABLE reward_awards
(
  id             TEXT PRIMARY KEY,
  rule_id        TEXT        NOT NULL REFERENCES reward_rules (id),
  user_id        TEXT        NOT NULL,
  source         TEXT        NOT NULL,
  amount         BIGINT      NOT NULL CHECK (amount > 0),
  transaction_id TEXT        NOT NULL,
  awarded_at     TIMESTAMPTZ NOT NULL,
  UNIQUE (rule_id, user_id, source)
);
CREATE INDEX reward_awards_user_idx ON reward_awards (user_id, rule_id, awarded_at);
CREATE INDEX reward_awards_time_idx ON reward_awards (awarded_at) INCLUDE (amount, rule_id);

-- The defaults of the matching marketplace (../shared/PRODUCT.md, platform 3); operators change them.
INSERT INTO reward_rules (id, description, amount, provider_amount, percent_bps, min_amount, max_amount, daily_cap,
                          lifetime_cap, cooldown_seconds, created_at, updated_at)
VALUES ('profile_created', 'A profile is created (25 for a seeker, 50 for a provider)', 25, 50, NULL, NULL, NULL, NULL, 1, 0, now(), now()),
       ('first_response', 'A provider answers their first request', 25, NULL, NULL, NULL, NULL, NULL, 1, 0, now(), now()),
       ('engagement_completed', 'An engagement is completed: 5 % of the deal value', NULL, NULL, 500, NULL, NULL, NULL, NULL, 0, now(), now()),
       ('rating_received_5_star', 'A 5-star rating is received', 100, NULL, NULL, NULL, NULL, NULL, NULL, 0, now(), now()),
       ('rating_given', 'A rating is given', 10, NULL, NULL, NULL, NULL, NULL, NULL, 0, now(), now()),
       ('referral', 'A referred user qualifies (250 for a seeker, 500 for a provider)', 250, 500, NULL, NULL, NULL, NULL, NULL, 0, now(), now()),
       ('content_created', 'Content is created: 50 to 200 by type', NULL, NULL, NULL, 50, 200, NULL, NULL, 0, now(), now()),
       ('daily_login', 'The first login of a UTC day', 1, NULL, NULL, NULL, NULL, 1, NULL, 0, now(), now());

-- What tokens buy. A spend either burns the price (credits the burned-tokens account: gone for good,
-- deflationary) or returns it to the treasury. The benefit lasts duration_seconds from the spend
-- (null: for good, e.g. a verified badge).
CREATE TABLE reward_catalog
(
  id               TEXT PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{1,63}$'),
  description      TEXT        NOT NULL,
  price            BIGINT      NOT NULL CHECK (price > 0),
  disposal         TEXT        NOT NULL CHECK (disposal IN ('burn', 'treasury')),
  duration_seconds BIGINT CHECK (duration_seconds > 0),
  active           BOOLEAN     NOT NULL DEFAULT true,
  created_at       TIMESTAMPTZ NOT NULL,
  updated_at       TIMESTAMPTZ NOT NULL
);

-- What a user bought with tokens, and until when the benefit lasts.
CREATE TABLE reward_spends
(
  id             TEXT PRIMARY KEY,
  item_id        TEXT        NOT NULL REFERENCES reward_catalog (id),
  user_id        TEXT        NOT NULL,
  price          BIGINT      NOT NULL CHECK (price > 0),
  disposal       TEXT        NOT NULL,
  transaction_id TEXT        NOT NULL,
  spent_at       TIMESTAMPTZ NOT NULL,
  expires_at     TIMESTAMPTZ
);
CREATE INDEX reward_spends_user_idx ON reward_spends (user_id, expires_at);
CREATE INDEX reward_spends_time_idx ON reward_spends (spent_at) INCLUDE (price, disposal, item_id);

INSERT INTO reward_catalog (id, description, price, disposal, duration_seconds, created_at, updated_at)
VALUES ('premium_match', 'A premium match of 10 providers', 100, 'burn', 2592000, now(), now()),
       ('rush_match', 'A rush match, answered within 12 hours', 200, 'burn', 43200, now(), now()),
       ('profile_boost', 'A boosted profile for a month', 500, 'burn', 2592000, now(), now()),
       ('verified_badge', 'A verified badge', 1000, 'burn', NULL, now(), now()),
       ('featured_listing', 'A featured listing for a week', 300, 'burn', 604800, now(), now()),
       ('premium_analytics', 'Premium analytics for a month', 200, 'burn', 2592000, now(), now());
