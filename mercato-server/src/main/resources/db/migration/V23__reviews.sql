-- Reviews of listings: one per author and listing, moderated, with helpful votes and reports, and
-- each listing's approved-review aggregate kept current beside them.
CREATE TABLE reviews
(
  id                 TEXT PRIMARY KEY,
  listing_id         TEXT             NOT NULL,
  -- the listing's seller when the review was written: who may reply
  seller_id          TEXT             NOT NULL,
  author_id          TEXT             NOT NULL,
  stars              INT              NOT NULL CHECK (stars BETWEEN 1 AND 5),
  body               TEXT             NOT NULL,
  -- md5 of the lower-cased, whitespace-collapsed body: finds the same text in another review
  fingerprint        TEXT             NOT NULL,
  state              TEXT             NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  -- why the review waits in the queue: automatic check codes, or 'reported'
  flags              TEXT[]           NOT NULL DEFAULT '{}',
  rejection_reason   TEXT,
  moderated_by       TEXT,
  moderated_at       TIMESTAMPTZ,
  reply              TEXT,
  replied_at         TIMESTAMPTZ,
  helpful_votes      INT              NOT NULL DEFAULT 0,
  unhelpful_votes    INT              NOT NULL DEFAULT 0,
  -- Wilson lower bound (95 %) of the helpful share; what sort=helpful orders by
  helpfulness        DOUBLE PRECISION NOT NULL DEFAULT 0,
  -- reports since the last moderation decision; reaching the threshold sends the review back to the queue
  open_reports       INT              NOT NULL DEFAULT 0,
  created_at         TIMESTAMPTZ      NOT NULL,
  updated_at         TIMESTAMPTZ      NOT NULL,
  UNIQUE (listing_id, author_id)
);
CREATE INDEX reviews_listing_newest_idx ON reviews (listing_id, state, created_at DESC, id DESC);
CREATE INDEX reviews_listing_helpful_idx ON reviews (listing_id, state, helpfulness DESC, id DESC);
CREATE INDEX reviews_listing_stars_idx ON reviews (listing_id, state, stars, id);
CREATE INDEX reviews_queue_idx ON reviews (state, id);
CREATE INDEX reviews_fingerprint_idx ON reviews (fingerprint);

CREATE TABLE review_votes
(
  review_id  TEXT        NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  user_id    TEXT        NOT NULL,
  helpful    BOOLEAN     NOT NULL,
  voted_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (review_id, user_id)
);

CREATE TABLE review_reports
(
  review_id   TEXT        NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  user_id     TEXT        NOT NULL,
  reason      TEXT        NOT NULL,
  reported_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (review_id, user_id)
);

-- The approved reviews of each listing, summed; rewritten in the transaction that changes them.
CREATE TABLE listing_ratings
(
  listing_id       TEXT PRIMARY KEY,
  review_count     INT              NOT NULL DEFAULT 0,
  star_total       BIGINT           NOT NULL DEFAULT 0,
  stars_1          INT              NOT NULL DEFAULT 0,
  stars_2          INT              NOT NULL DEFAULT 0,
  stars_3          INT              NOT NULL DEFAULT 0,
  stars_4          INT              NOT NULL DEFAULT 0,
  stars_5          INT              NOT NULL DEFAULT 0,
  mean             DOUBLE PRECISION NOT NULL DEFAULT 0,
  bayesian_average DOUBLE PRECISION NOT NULL DEFAULT 0,
  updated_at       TIMESTAMPTZ      NOT NULL
);
