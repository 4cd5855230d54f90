-- Campaigns: paid, verified written responses (docs/campaigns.md, ADR 0025).
-- A campaign's slots are counted on its row; the check constraint is the last word on never paying
-- or reserving more than was funded: reserved + reviewing + paid + refunded never exceeds funded.
CREATE TABLE campaigns
(
  id                   TEXT PRIMARY KEY,
  buyer_id             TEXT             NOT NULL,
  title                TEXT             NOT NULL,
  questions            JSONB            NOT NULL,
  guidance             TEXT             NOT NULL,
  screening            JSONB            NOT NULL,
  currency             TEXT             NOT NULL,
  reward               BIGINT           NOT NULL CHECK (reward > 0),
  slot_fee             BIGINT           NOT NULL CHECK (slot_fee >= 0),
  target               INT              NOT NULL CHECK (target > 0),
  funded               INT              NOT NULL DEFAULT 0 CHECK (funded >= 0 AND funded <= target),
  reserved             INT              NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  reviewing            INT              NOT NULL DEFAULT 0 CHECK (reviewing >= 0),
  paid                 INT              NOT NULL DEFAULT 0 CHECK (paid >= 0),
  refunded             INT              NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  minimum_words        INT              NOT NULL,
  pass_threshold       DOUBLE PRECISION NOT NULL,
  borderline_threshold DOUBLE PRECISION NOT NULL,
  auto_approve_days    INT              NOT NULL,
  reservation_minutes  INT              NOT NULL,
  deadline             TIMESTAMPTZ      NOT NULL,
  status               TEXT             NOT NULL CHECK (status IN ('draft', 'open', 'completed', 'closed', 'expired')),
  created_at           TIMESTAMPTZ      NOT NULL,
  updated_at           TIMESTAMPTZ      NOT NULL,
  ended_at             TIMESTAMPTZ,
  CONSTRAINT campaigns_slots_within_funding CHECK (reserved + reviewing + paid + refunded <= funded)
);
CREATE INDEX campaigns_open_idx ON campaigns (deadline) WHERE status = 'open';
CREATE INDEX campaigns_buyer_idx ON campaigns (buyer_id, id);

-- Each charge that put money into a campaign's escrow (the first funding and every top-up).
CREATE TABLE campaign_fundings
(
  id              TEXT PRIMARY KEY,
  campaign_id     TEXT        NOT NULL REFERENCES campaigns (id),
  slots           INT         NOT NULL CHECK (slots > 0),
  target          INT         NOT NULL,
  amount          BIGINT      NOT NULL CHECK (amount > 0),
  currency        TEXT        NOT NULL,
  status          TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  payment_id      TEXT,
  failure_code    TEXT,
  refunded        BIGINT      NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
  idempotency_key TEXT        NOT NULL,
  request_hash    BYTEA       NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  UNIQUE (campaign_id, idempotency_key)
);

-- Unspent escrow on its way back to the buyer: one row per funding payment it is refunded against.
CREATE TABLE campaign_refunds
(
  id                  TEXT PRIMARY KEY,
  campaign_id         TEXT        NOT NULL REFERENCES campaigns (id),
  funding_id          TEXT        NOT NULL REFERENCES campaign_fundings (id),
  payment_id          TEXT        NOT NULL,
  amount              BIGINT      NOT NULL CHECK (amount > 0),
  currency            TEXT        NOT NULL,
  status              TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded')),
  processor_refund_id TEXT,
  created_at          TIMESTAMPTZ NOT NULL,
  completed_at        TIMESTAMPTZ
);
CREATE INDEX campaign_refunds_pending_idx ON campaign_refunds (created_at) WHERE status = 'pending';

-- A responder's reservation of one slot; one per responder and campaign, whatever became of it.
CREATE TABLE campaign_tasks
(
  id           TEXT PRIMARY KEY,
  campaign_id  TEXT        NOT NULL REFERENCES campaigns (id),
  responder_id TEXT        NOT NULL,
  status       TEXT        NOT NULL CHECK (status IN ('reserved', 'submitted', 'expired', 'canceled', 'screened_out')),
  accepted_at  TIMESTAMPTZ NOT NULL,
  expires_at   TIMESTAMPTZ NOT NULL,
  ended_at     TIMESTAMPTZ,
  UNIQUE (campaign_id, responder_id)
);
CREATE INDEX campaign_tasks_due_idx ON campaign_tasks (expires_at) WHERE status = 'reserved';
CREATE INDEX campaign_tasks_responder_idx ON campaign_tasks (responder_id) WHERE status = 'reserved';

CREATE TABLE campaign_submissions
(
  id                 TEXT PRIMARY KEY,
  task_id            TEXT        NOT NULL UNIQUE REFERENCES campaign_tasks (id),
  campaign_id        TEXT        NOT NULL REFERENCES campaigns (id),
  responder_id       TEXT        NOT NULL,
  text               TEXT        NOT NULL,
  words              INT         NOT NULL,
  seconds_spent      BIGINT      NOT NULL,
  status             TEXT        NOT NULL CHECK (status IN ('verifying', 'paid', 'failed', 'in_review', 'rejected')),
  outcome            TEXT,
  score              DOUBLE PRECISION,
  verdict            JSONB,
  holds_slot         BOOLEAN     NOT NULL DEFAULT TRUE,
  review_due_at      TIMESTAMPTZ,
  rejection_reason   TEXT,
  rejection_category TEXT,
  rejected_by        TEXT,
  rejected_at        TIMESTAMPTZ,
  appeal_until       TIMESTAMPTZ,
  appeal_text        TEXT,
  appealed_at        TIMESTAMPTZ,
  approved_by        TEXT,
  earned             BIGINT,
  protocol_fee       BIGINT,
  processor_fee      BIGINT,
  transaction_id     TEXT,
  submitted_at       TIMESTAMPTZ NOT NULL,
  decided_at         TIMESTAMPTZ
);
CREATE INDEX campaign_submissions_campaign_idx ON campaign_submissions (campaign_id, submitted_at);
CREATE INDEX campaign_submissions_review_due_idx ON campaign_submissions (review_due_at) WHERE status = 'in_review';
CREATE INDEX campaign_submissions_appeal_idx ON campaign_submissions (appeal_until) WHERE status = 'rejected' AND holds_slot;
CREATE INDEX campaign_submissions_verifying_idx ON campaign_submissions (submitted_at) WHERE status = 'verifying';
CREATE INDEX campaign_submissions_rejections_idx ON campaign_submissions (rejected_by, rejected_at);
