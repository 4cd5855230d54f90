-- Search and browse: the search module's own denormalized copy of what buyers may find, fed by
-- catalog, reviews and orders events (docs/search.md, docs/adr/0014-search-in-postgresql.md).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text a listing is found by: title (weight A) above tags (B) above description (C). Declared
-- immutable (the 'english' configuration is fixed here) so it can feed a stored generated column,
-- which lets a bulk load COPY rows without computing the vector itself.
CREATE FUNCTION search_document(title TEXT, tags TEXT[], description TEXT) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(tags, ' '), '')), 'B')
      || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C');

-- A mirror of the category tree: path is the ids from the root down to the category itself.
CREATE TABLE search_categories
(
  id        TEXT PRIMARY KEY,
  parent_id TEXT,
  name      TEXT    NOT NULL,
  active    BOOLEAN NOT NULL,
  path      TEXT[]  NOT NULL
);

-- One row per published listing (its published version); withdrawn listings are deleted.
CREATE TABLE search_listings
(
  listing_id      TEXT PRIMARY KEY,
  version         INT              NOT NULL,
  seller_id       TEXT             NOT NULL,
  kind            TEXT             NOT NULL,
  title           TEXT             NOT NULL,
  description     TEXT             NOT NULL,
  tags            TEXT[]           NOT NULL,
  category_id     TEXT             NOT NULL,
  category_path   TEXT[]           NOT NULL,
  price_amount    BIGINT           NOT NULL,
  price_currency  TEXT             NOT NULL,
  published_at    TIMESTAMPTZ      NOT NULL,
  rating_count    INT              NOT NULL DEFAULT 0,
  rating_mean     DOUBLE PRECISION NOT NULL DEFAULT 0,
  rating_bayesian DOUBLE PRECISION NOT NULL DEFAULT 0,
  sales_30d       INT              NOT NULL DEFAULT 0,
  document        tsvector GENERATED ALWAYS AS (search_document(title, tags, description)) STORED
);
-- fastupdate off: no pending list whose flush stalls a foreground insert (ADR 0014).
CREATE INDEX search_listings_document_idx ON search_listings USING gin (document) WITH (fastupdate = off);
CREATE INDEX search_listings_category_idx ON search_listings USING gin (category_path);
CREATE INDEX search_listings_tags_idx ON search_listings USING gin (tags);
CREATE INDEX search_listings_newest_idx ON search_listings (published_at DESC, listing_id DESC);
CREATE INDEX search_listings_price_idx ON search_listings (price_amount, listing_id);
CREATE INDEX search_listings_rating_idx ON search_listings (rating_bayesian DESC, listing_id DESC);
CREATE INDEX search_listings_popular_idx ON search_listings (sales_30d DESC, listing_id DESC);
CREATE INDEX search_listings_seller_idx ON search_listings (seller_id);

-- Words of titles and tags as typed (not stemmed): what a misspelled query word is corrected to.
CREATE TABLE search_words
(
  word TEXT PRIMARY KEY
);
CREATE INDEX search_words_trgm_idx ON search_words USING gist (word gist_trgm_ops);

-- Aggregates that outlive a listing's absence from the index (kept while it is unpublished).
CREATE TABLE search_ratings
(
  listing_id TEXT PRIMARY KEY,
  count      INT              NOT NULL,
  mean       DOUBLE PRECISION NOT NULL,
  bayesian   DOUBLE PRECISION NOT NULL
);

-- One row per paid order line: idempotent under redelivery; the 30-day window is counted from it.
CREATE TABLE search_sales
(
  order_id   TEXT        NOT NULL,
  listing_id TEXT        NOT NULL,
  paid_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (order_id, listing_id)
);
CREATE INDEX search_sales_listing_idx ON search_sales (listing_id, paid_at);
CREATE INDEX search_sales_paid_idx ON search_sales (paid_at);

-- Featured placements: operator-curated or bought; shown only while starts_at <= now < ends_at.
CREATE TABLE featured_placements
(
  id         TEXT PRIMARY KEY,
  listing_id TEXT        NOT NULL,
  starts_at  TIMESTAMPTZ NOT NULL,
  ends_at    TIMESTAMPTZ NOT NULL CHECK (ends_at > starts_at),
  source     TEXT        NOT NULL CHECK (source IN ('curated', 'purchased')),
  reference  TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  removed_at TIMESTAMPTZ
);
CREATE INDEX featured_placements_current_idx ON featured_placements (ends_at) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX featured_placements_reference_idx ON featured_placements (source, reference)
  WHERE reference IS NOT NULL;

-- Whether the index was built from the catalog once; false makes the next start build it.
CREATE TABLE search_index_state
(
  id       INT PRIMARY KEY CHECK (id = 1),
  built_at TIMESTAMPTZ
);
INSERT INTO search_index_state (id, built_at) VALUES (1, NULL);
