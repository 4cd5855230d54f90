CREATE TABLE users
(
  id         TEXT PRIMARY KEY,
  email      TEXT UNIQUE,
  name       TEXT,
  role       TEXT        NOT NULL CHECK (role IN ('user', 'admin')),
  metadata   JSONB       NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL
);

-- Only a SHA-256 of each key is stored; the secret is shown once when the key is created.
CREATE TABLE api_keys
(
  id           TEXT PRIMARY KEY,
  user_id      TEXT        NOT NULL REFERENCES users (id),
  name         TEXT,
  key_hash     BYTEA       NOT NULL UNIQUE,
  key_hint     TEXT        NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  last_used_at TIMESTAMPTZ,
  revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);
