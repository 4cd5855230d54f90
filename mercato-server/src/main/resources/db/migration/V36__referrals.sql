-- Referrals (issue 7, docs/referrals.md, ADR 0023): codes, the network addresses and devices users
-- were seen with (for the self-referral checks), referrals and the rewards each side earns. Rewards
-- held while a referral vests are also in the ledger (referrals.vesting per user, against the
-- system account referrals.commitments); paid rewards are the rewards and credits modules' own.

-- One code per user, made on first ask; the link is the configured base URL plus the code.
CREATE TABLE referral_codes
(
  user_id     TEXT PRIMARY KEY,
  code        TEXT        NOT NULL UNIQUE,
  created_at  TIMESTAMPTZ NOT NULL
);

-- Where a user was seen: kind 'ip' or 'device', the SHA-256 (hex) of the address or fingerprint,
-- never the value itself; compared for equality only, within the program's match window.
CREATE TABLE referral_sightings
(
  user_id        TEXT        NOT NULL,
  kind           TEXT        NOT NULL CHECK (kind IN ('ip', 'device')),
  value_hash     TEXT        NOT NULL,
  first_seen_at  TIMESTAMPTZ NOT NULL,
  last_seen_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, kind, value_hash)
);
CREATE INDEX referral_sightings_value ON referral_sightings (kind, value_hash, last_seen_at);

-- The operator's program; no row means the configured defaults (mercato.referrals.*).
CREATE TABLE referral_program
(
  id                  TEXT PRIMARY KEY CHECK (id = 'default'),
  qualify_on          TEXT        NOT NULL CHECK (qualify_on IN ('verified_signup', 'first_purchase')),
  referrer_credits    BIGINT      NOT NULL CHECK (referrer_credits >= 0),
  referred_credits    BIGINT      NOT NULL CHECK (referred_credits >= 0),
  referrer_tokens     BOOLEAN     NOT NULL,
  referred_tokens     BOOLEAN     NOT NULL,
  vesting_days        INT         NOT NULL CHECK (vesting_days >= 0),
  monthly_cap         INT CHECK (monthly_cap > 0),
  match_window_days   INT         NOT NULL CHECK (match_window_days >= 0),
  claim_window_days   INT         NOT NULL CHECK (claim_window_days > 0),
  updated_at          TIMESTAMPTZ NOT NULL
);

-- One referral per referred user: a second claim finds the first. Status moves (ReferralStatus):
-- pending -> qualified | vesting | rejected; vesting -> qualified -> rewarded; vesting, qualified,
-- rewarded -> clawed_back. A claim the checks refuse is stored as rejected with its reason.
CREATE TABLE referrals
(
  id                TEXT PRIMARY KEY,
  referrer_id       TEXT        NOT NULL,
  referred_id       TEXT        NOT NULL UNIQUE,
  code              TEXT        NOT NULL,
  status            TEXT        NOT NULL CHECK (status IN ('pending', 'qualified', 'vesting', 'rewarded',
                                                           'rejected', 'clawed_back')),
  rejection_reason  TEXT,
  qualify_on        TEXT        NOT NULL,
  order_id          TEXT,
  claimed_at        TIMESTAMPTZ NOT NULL,
  qualified_at      TIMESTAMPTZ,
  vests_at          TIMESTAMPTZ,
  rewarded_at       TIMESTAMPTZ,
  clawed_back_at    TIMESTAMPTZ,
  last_error        TEXT,
  CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
  CHECK (referrer_id <> referred_id)
);
CREATE INDEX referrals_referrer ON referrals (referrer_id, qualified_at);
CREATE INDEX referrals_due ON referrals (vests_at) WHERE status IN ('vesting', 'qualified');
CREATE INDEX referrals_order ON referrals (order_id) WHERE order_id IS NOT NULL;

-- What a qualified referral gives each side, per kind. amount is what was held while vesting;
-- paid what the owning module paid on release; clawed_back + unrecovered = paid after a claw-back
-- of a paid reward (unrecovered: already spent).
CREATE TABLE referral_rewards
(
  id                TEXT PRIMARY KEY,
  referral_id       TEXT        NOT NULL REFERENCES referrals (id),
  user_id           TEXT        NOT NULL,
  side              TEXT        NOT NULL CHECK (side IN ('referrer', 'referred')),
  kind              TEXT        NOT NULL CHECK (kind IN ('tokens', 'credits')),
  asset             TEXT        NOT NULL,
  amount            BIGINT      NOT NULL CHECK (amount > 0),
  status            TEXT        NOT NULL CHECK (status IN ('held', 'paid', 'cancelled', 'clawed_back')),
  paid              BIGINT      NOT NULL DEFAULT 0 CHECK (paid >= 0),
  clawed_back       BIGINT      NOT NULL DEFAULT 0 CHECK (clawed_back >= 0),
  unrecovered       BIGINT      NOT NULL DEFAULT 0 CHECK (unrecovered >= 0),
  paid_reference    TEXT,
  created_at        TIMESTAMPTZ NOT NULL,
  paid_at           TIMESTAMPTZ,
  clawed_back_at    TIMESTAMPTZ,
  UNIQUE (referral_id, side, kind)
);
CREATE INDEX referral_rewards_user ON referral_rewards (user_id);

-- Module rewards: tokens taken back from a wallet into the treasury (Rewards.takeBack, used by a
-- referral's claw-back), one row per reference, so the economy's circulation counts them out.
CREATE TABLE reward_take_backs
(
  reference       TEXT PRIMARY KEY,
  user_id         TEXT        NOT NULL,
  amount          BIGINT      NOT NULL CHECK (amount > 0),
  transaction_id  TEXT        NOT NULL,
  taken_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX reward_take_backs_time_idx ON reward_take_backs (taken_at) INCLUDE (amount);
