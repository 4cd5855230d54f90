-- Usage events reported by POST /v1/usage: one row per user and event id, so a re-sent event is
-- recognised and counted once. The counters stay in billing_usage.
CREATE TABLE billing_usage_events
(
  user_id      TEXT        NOT NULL,
  event_id     TEXT        NOT NULL,
  feature      TEXT        NOT NULL,
  quantity     BIGINT      NOT NULL CHECK (quantity > 0),
  occurred_at  TIMESTAMPTZ NOT NULL,
  period_start TIMESTAMPTZ NOT NULL,
  received_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, event_id)
);

-- Consumes the caller named with an id (POST /v1/usage/consume {"id": …}): a retry with the same id
-- answers the first consume's outcome instead of consuming again.
CREATE TABLE billing_consumes
(
  user_id     TEXT        NOT NULL,
  consume_id  TEXT        NOT NULL,
  feature     TEXT        NOT NULL,
  quantity    BIGINT      NOT NULL,
  source      TEXT        NOT NULL CHECK (source IN ('quota', 'credits')),
  credits     BIGINT      NOT NULL DEFAULT 0,
  draw_id     TEXT,
  created_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, consume_id)
);
