-- Operator-managed feature flags. Every instance evaluates them from an in-memory snapshot; the
-- database is only read to rebuild that snapshot when feature_flag_state.version moves.
CREATE TABLE feature_flags
(
  key                  TEXT PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  description          TEXT        NOT NULL DEFAULT '',
  type                 TEXT        NOT NULL CHECK (type IN ('boolean', 'variant')),
  -- [{"key": "control", "value": "blue"}, …] in the declared order, which is also the order in
  -- which a rollout's percentages are laid out on the 0..9999 buckets.
  variants             JSONB       NOT NULL,
  default_variant      TEXT        NOT NULL,
  environment_defaults JSONB       NOT NULL DEFAULT '{}',
  off_variant          TEXT        NOT NULL,
  rules                JSONB       NOT NULL DEFAULT '[]',
  rollout              JSONB       NOT NULL DEFAULT '[]',
  enabled              BOOLEAN     NOT NULL DEFAULT TRUE,
  version              INT         NOT NULL DEFAULT 1,
  created_at           TIMESTAMPTZ NOT NULL,
  updated_at           TIMESTAMPTZ NOT NULL
);

-- One row: the version every change bumps in its own transaction (instances poll it to learn that
-- their snapshot is stale) and the global kill switch.
CREATE TABLE feature_flag_state
(
  id            BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
  version       BIGINT      NOT NULL,
  kill_switch   BOOLEAN     NOT NULL DEFAULT FALSE,
  updated_at    TIMESTAMPTZ NOT NULL
);
INSERT INTO feature_flag_state (version, updated_at) VALUES (0, now());
