-- Named secrets Mercato generates itself (e.g. the key that signs download tokens), shared by
-- every instance and kept across restarts.
CREATE TABLE signing_keys
(
  name       TEXT PRIMARY KEY,
  secret     BYTEA       NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

-- What a paid digital product lets its buyer download: the files of the version bought, a limited
-- number of times, until a date.
CREATE TABLE download_grants
(
  id              TEXT PRIMARY KEY,
  order_id        TEXT        NOT NULL REFERENCES orders (id),
  buyer_id        TEXT        NOT NULL,
  listing_id      TEXT        NOT NULL,
  listing_version INT         NOT NULL,
  file_ids        TEXT[]      NOT NULL,
  max_downloads   INT         NOT NULL CHECK (max_downloads > 0),
  downloads       INT         NOT NULL DEFAULT 0 CHECK (downloads >= 0 AND downloads <= max_downloads),
  expires_at      TIMESTAMPTZ NOT NULL,
  revoked_at      TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX download_grants_order_idx ON download_grants (order_id);
