-- Prepaid credit wallets (module credits). The ledger holds the balances (asset CREDIT, one paid and
-- one free account per user); these tables hold the lots the balances are made of, so that
-- consumption order and expiry are decided per lot. Nothing outside the credits module writes them.

CREATE TABLE credit_wallets
(
  user_id          TEXT PRIMARY KEY,
  paid_account_id  TEXT        NOT NULL,
  free_account_id  TEXT        NOT NULL,
  created_at       TIMESTAMPTZ NOT NULL
);

-- One grant or purchase. remaining + consumed (in credit_draw_parts, less returns) + expired = amount.
CREATE TABLE credit_lots
(
  id              TEXT PRIMARY KEY,
  user_id         TEXT        NOT NULL REFERENCES credit_wallets (user_id),
  kind            TEXT        NOT NULL CHECK (kind IN ('paid', 'free')),
  source          TEXT        NOT NULL CHECK (source IN ('signup', 'top_up', 'grant')),
  amount          BIGINT      NOT NULL CHECK (amount > 0),
  remaining       BIGINT      NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
  expired         BIGINT      NOT NULL DEFAULT 0 CHECK (expired >= 0 AND expired <= amount),
  expires_at      TIMESTAMPTZ,
  granted_at      TIMESTAMPTZ NOT NULL,
  grant_key       TEXT        NOT NULL,
  reason          TEXT,
  reference       TEXT,
  granted_by      TEXT,
  transaction_id  TEXT        NOT NULL,
  UNIQUE (user_id, grant_key)
);

CREATE INDEX credit_lots_spendable ON credit_lots (user_id, expires_at, granted_at) WHERE remaining > 0;
CREATE INDEX credit_lots_due ON credit_lots (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;

CREATE TABLE credit_draws
(
  id                     TEXT PRIMARY KEY,
  user_id                TEXT        NOT NULL REFERENCES credit_wallets (user_id),
  reference              TEXT        NOT NULL,
  units                  BIGINT      NOT NULL CHECK (units > 0),
  paid_units             BIGINT      NOT NULL CHECK (paid_units >= 0),
  free_units             BIGINT      NOT NULL CHECK (free_units >= 0),
  transaction_id         TEXT        NOT NULL,
  created_at             TIMESTAMPTZ NOT NULL,
  returned_at            TIMESTAMPTZ,
  return_transaction_id  TEXT,
  UNIQUE (user_id, reference),
  CHECK (paid_units + free_units = units)
);

CREATE TABLE credit_draw_parts
(
  draw_id  TEXT   NOT NULL REFERENCES credit_draws (id),
  lot_id   TEXT   NOT NULL REFERENCES credit_lots (id),
  units    BIGINT NOT NULL CHECK (units > 0),
  PRIMARY KEY (draw_id, lot_id)
);

CREATE TABLE credit_top_ups
(
  id               TEXT PRIMARY KEY,
  user_id          TEXT        NOT NULL,
  idempotency_key  TEXT        NOT NULL,
  request_hash     BYTEA       NOT NULL,
  units            BIGINT      NOT NULL CHECK (units > 0),
  currency         TEXT        NOT NULL,
  amount           BIGINT      NOT NULL CHECK (amount > 0),
  status           TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  payment_id       TEXT,
  failure_code     TEXT,
  lot_id           TEXT REFERENCES credit_lots (id),
  created_at       TIMESTAMPTZ NOT NULL,
  updated_at       TIMESTAMPTZ NOT NULL,
  UNIQUE (user_id, idempotency_key)
);

-- The caller's history: one row per change of a wallet, signed (+ in, - out), split by kind.
CREATE TABLE credit_movements
(
  seq             BIGSERIAL PRIMARY KEY,
  id              TEXT        NOT NULL UNIQUE,
  user_id         TEXT        NOT NULL,
  type            TEXT        NOT NULL CHECK (type IN ('grant', 'purchase', 'draw', 'return', 'expiry')),
  units           BIGINT      NOT NULL,
  paid_units      BIGINT      NOT NULL,
  free_units      BIGINT      NOT NULL,
  lot_id          TEXT,
  draw_id         TEXT,
  reference       TEXT,
  reason          TEXT,
  expires_at      TIMESTAMPTZ,
  transaction_id  TEXT        NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  CHECK (paid_units + free_units = units)
);

CREATE INDEX credit_movements_user ON credit_movements (user_id, seq DESC);
