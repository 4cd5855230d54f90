-- The catalog: an operator-managed category tree, listings with a working copy and immutable
-- published versions, and the files of digital products.

CREATE TABLE categories
(
  id         TEXT PRIMARY KEY,
  parent_id  TEXT REFERENCES categories (id),
  name       TEXT        NOT NULL,
  slug       TEXT        NOT NULL UNIQUE,
  active     BOOLEAN     NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX categories_parent_idx ON categories (parent_id);

-- The working copy a seller edits. published_version names the snapshot buyers see.
CREATE TABLE listings
(
  id                TEXT PRIMARY KEY,
  seller_id         TEXT        NOT NULL,
  kind              TEXT        NOT NULL CHECK (kind IN ('course', 'digital_product', 'service', 'custom')),
  status            TEXT        NOT NULL CHECK (status IN ('draft', 'published', 'unpublished', 'archived')),
  title             TEXT        NOT NULL,
  description       TEXT        NOT NULL DEFAULT '',
  category_id       TEXT REFERENCES categories (id),
  tags              TEXT[]      NOT NULL DEFAULT '{}',
  price_amount      BIGINT      NOT NULL CHECK (price_amount >= 0),
  price_currency    TEXT        NOT NULL,
  attributes        JSONB       NOT NULL DEFAULT '{}',
  media_urls        TEXT[]      NOT NULL DEFAULT '{}',
  published_version INT,
  latest_version    INT         NOT NULL DEFAULT 0,
  -- true when the working copy differs from the latest version (so publishing makes a new one)
  changed           BOOLEAN     NOT NULL DEFAULT true,
  created_at        TIMESTAMPTZ NOT NULL,
  updated_at        TIMESTAMPTZ NOT NULL,
  published_at      TIMESTAMPTZ,
  archived_at       TIMESTAMPTZ
);
CREATE INDEX listings_seller_idx ON listings (seller_id, id);
CREATE INDEX listings_category_idx ON listings (category_id, id);
CREATE INDEX listings_status_idx ON listings (status, id);

-- What a buyer bought: every publish, and every change to a published listing, is a new version.
CREATE TABLE listing_versions
(
  listing_id     TEXT        NOT NULL REFERENCES listings (id),
  version        INT         NOT NULL,
  title          TEXT        NOT NULL,
  description    TEXT        NOT NULL,
  category_id    TEXT REFERENCES categories (id),
  tags           TEXT[]      NOT NULL,
  price_amount   BIGINT      NOT NULL,
  price_currency TEXT        NOT NULL,
  attributes     JSONB       NOT NULL,
  media_urls     TEXT[]      NOT NULL,
  file_ids       TEXT[]      NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (listing_id, version)
);

CREATE TABLE listing_files
(
  id           TEXT PRIMARY KEY,
  listing_id   TEXT        NOT NULL REFERENCES listings (id),
  name         TEXT        NOT NULL,
  content_type TEXT        NOT NULL,
  size_bytes   BIGINT      NOT NULL,
  sha256       TEXT        NOT NULL,
  storage_key  TEXT        NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  removed_at   TIMESTAMPTZ
);
CREATE INDEX listing_files_listing_idx ON listing_files (listing_id) WHERE removed_at IS NULL;
