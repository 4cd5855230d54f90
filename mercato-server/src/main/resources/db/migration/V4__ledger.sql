-- The double-entry ledger. Nothing outside the ledger module writes these tables.

CREATE TABLE ledger_assets
(
  code  TEXT PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,15}$'),
  scale SMALLINT NOT NULL CHECK (scale BETWEEN 0 AND 18)
);

CREATE TABLE ledger_accounts
(
  id              TEXT PRIMARY KEY,
  owner_type      TEXT        NOT NULL CHECK (owner_type IN ('user', 'platform', 'system')),
  owner_id        TEXT        NOT NULL,
  purpose         TEXT        NOT NULL,
  asset           TEXT        NOT NULL REFERENCES ledger_assets (code),
  allow_negative  BOOLEAN     NOT NULL,
  overdraft_limit BIGINT      NOT NULL DEFAULT 0 CHECK (overdraft_limit >= 0),
  stripes         SMALLINT    NOT NULL DEFAULT 1 CHECK (stripes BETWEEN 1 AND 64),
  metadata        JSONB       NOT NULL DEFAULT '{}',
  created_at      TIMESTAMPTZ NOT NULL,
  UNIQUE (owner_type, owner_id, purpose, asset)
);
CREATE INDEX ledger_accounts_owner_idx ON ledger_accounts (owner_id, id);

-- Balances, kept in the same transaction as the postings. An account has one row per stripe;
-- a hot account spreads its writes over several stripes and is summed on read.
CREATE TABLE ledger_balances
(
  account_id      TEXT     NOT NULL REFERENCES ledger_accounts (id),
  stripe          SMALLINT NOT NULL,
  posted          BIGINT   NOT NULL DEFAULT 0,
  pending_debits  BIGINT   NOT NULL DEFAULT 0 CHECK (pending_debits >= 0),
  pending_credits BIGINT   NOT NULL DEFAULT 0 CHECK (pending_credits >= 0),
  version         BIGINT   NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, stripe)
) WITH (fillfactor = 70);

-- Idempotency of ledger commands: one row per client key, whatever the outcome. A request that
-- failed on a business rule keeps its error, so a retry never changes the outcome.
CREATE TABLE ledger_requests
(
  idempotency_key TEXT PRIMARY KEY,
  request_hash    BYTEA       NOT NULL,
  command         TEXT        NOT NULL,
  result_id       TEXT,
  error_code      TEXT,
  error_message   TEXT,
  created_at      TIMESTAMPTZ NOT NULL,
  CHECK ((result_id IS NULL) <> (error_code IS NULL))
);

CREATE TABLE ledger_transactions
(
  seq          BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  id           TEXT PRIMARY KEY,
  type         TEXT        NOT NULL,
  effective_at TIMESTAMPTZ NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  reference    TEXT,
  reverses     TEXT REFERENCES ledger_transactions (id),
  hold_id      TEXT,
  metadata     JSONB       NOT NULL DEFAULT '{}'
);
CREATE INDEX ledger_transactions_reverses_idx ON ledger_transactions (reverses) WHERE reverses IS NOT NULL;
CREATE INDEX ledger_transactions_reference_idx ON ledger_transactions (reference) WHERE reference IS NOT NULL;

-- amount is signed: a credit is positive, a debit negative. balance_after and version belong to
-- the (account, stripe) balance row the posting changed.
CREATE TABLE ledger_postings
(
  seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id TEXT        NOT NULL REFERENCES ledger_transactions (id),
  account_id     TEXT        NOT NULL,
  stripe         SMALLINT    NOT NULL,
  asset          TEXT        NOT NULL,
  amount         BIGINT      NOT NULL CHECK (amount <> 0),
  balance_after  BIGINT      NOT NULL,
  version        BIGINT      NOT NULL,
  effective_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ledger_postings_account_idx ON ledger_postings (account_id, seq) INCLUDE (amount);
CREATE INDEX ledger_postings_effective_idx ON ledger_postings (account_id, effective_at) INCLUDE (amount);
CREATE INDEX ledger_postings_transaction_idx ON ledger_postings (transaction_id);

CREATE TABLE ledger_holds
(
  id                TEXT PRIMARY KEY,
  debit_account_id  TEXT        NOT NULL REFERENCES ledger_accounts (id),
  debit_stripe      SMALLINT    NOT NULL,
  credit_account_id TEXT        NOT NULL REFERENCES ledger_accounts (id),
  credit_stripe     SMALLINT    NOT NULL,
  asset             TEXT        NOT NULL,
  amount            BIGINT      NOT NULL CHECK (amount > 0),
  status            TEXT        NOT NULL CHECK (status IN ('pending', 'captured', 'voided', 'expired')),
  captured_amount   BIGINT      NOT NULL DEFAULT 0 CHECK (captured_amount >= 0 AND captured_amount <= amount),
  capture_transaction_id TEXT REFERENCES ledger_transactions (id),
  expires_at        TIMESTAMPTZ,
  reference         TEXT,
  metadata          JSONB       NOT NULL DEFAULT '{}',
  created_at        TIMESTAMPTZ NOT NULL,
  resolved_at       TIMESTAMPTZ,
  CHECK ((status = 'pending') = (resolved_at IS NULL))
);
CREATE INDEX ledger_holds_expiry_idx ON ledger_holds (expires_at) WHERE status = 'pending';
CREATE INDEX ledger_holds_debit_idx ON ledger_holds (debit_account_id) WHERE status = 'pending';
CREATE INDEX ledger_holds_credit_idx ON ledger_holds (credit_account_id) WHERE status = 'pending';

-- The hash chain. A sealer appends committed transactions here in the order it sees them, so
-- writers never contend on the chain head; verify recomputes every link.
CREATE TABLE ledger_seals
(
  chain_index    BIGINT PRIMARY KEY,
  transaction_id TEXT        NOT NULL UNIQUE REFERENCES ledger_transactions (id),
  row_hash       BYTEA       NOT NULL,
  chain_hash     BYTEA       NOT NULL,
  sealed_at      TIMESTAMPTZ NOT NULL
);

-- The journal is append-only: ordinary sessions cannot change or delete it. (A superuser can
-- still bypass this; the hash chain is what reports such an edit.)
CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  RAISE EXCEPTION 'ledger journal table % is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_seals_append_only BEFORE UPDATE OR DELETE ON ledger_seals
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_requests_append_only BEFORE UPDATE OR DELETE ON ledger_requests
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
