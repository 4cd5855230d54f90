-- Marketplace analytics: listing views (one per visitor per listing per UTC day), purchases and
-- refunds from the orders module's events, rolled up per listing, seller and category per day.
-- Every table here is written by the analytics module only (docs/analytics.md).

-- Listings analytics knows of: the seller (who may read a listing's figures) and when it was first
-- published (the operator's "new listings"). Filled from catalog's ListingPublished events.
CREATE TABLE analytics_listings
(
  listing_id         TEXT PRIMARY KEY,
  seller_id          TEXT NOT NULL,
  first_published_at TIMESTAMPTZ
);
CREATE INDEX analytics_listings_published_idx ON analytics_listings (first_published_at)
  WHERE first_published_at IS NOT NULL;

-- Raw views, only as long as they are needed: the primary key deduplicates a visitor's views of a
-- listing within a UTC day, and viewed_at serves the operator's live windows (5 minutes, 1 hour).
-- A recurring job deletes rows older than mercato.analytics.keep-raw-views.
CREATE TABLE analytics_views
(
  listing_id TEXT        NOT NULL,
  day        DATE        NOT NULL,
  visitor    TEXT        NOT NULL,
  viewed_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (listing_id, day, visitor)
);
CREATE INDEX analytics_views_viewed_at_idx ON analytics_views (viewed_at);

-- Daily view counts per scope: 'listing' (key = listing id, owner = its seller), 'seller' and
-- 'category' (key = category id, or 'none'). Kept current in the transaction that records a view.
CREATE TABLE analytics_view_days
(
  scope TEXT   NOT NULL CHECK (scope IN ('listing', 'seller', 'category')),
  key   TEXT   NOT NULL,
  day   DATE   NOT NULL,
  owner TEXT,
  views BIGINT NOT NULL CHECK (views >= 0),
  PRIMARY KEY (scope, key, day)
);
-- A seller's listings over a window (top listings) and a whole scope over a window (top sellers,
-- top categories, marketplace totals) are index-only scans.
CREATE INDEX analytics_view_days_owner_idx ON analytics_view_days (owner, day) INCLUDE (key, views)
  WHERE scope = 'listing';
CREATE INDEX analytics_view_days_day_idx ON analytics_view_days (scope, day) INCLUDE (key, views)
  WHERE scope IN ('seller', 'category');

-- Daily sales per scope and currency: paid lines (purchases, gross at the price paid) on the day
-- paid, refunded amounts on the day refunded. Currencies are never added together.
CREATE TABLE analytics_sale_days
(
  scope     TEXT   NOT NULL CHECK (scope IN ('listing', 'seller', 'category')),
  key       TEXT   NOT NULL,
  day       DATE   NOT NULL,
  currency  TEXT   NOT NULL,
  owner     TEXT,
  purchases BIGINT NOT NULL DEFAULT 0 CHECK (purchases >= 0),
  gross     BIGINT NOT NULL DEFAULT 0 CHECK (gross >= 0),
  refunded  BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  PRIMARY KEY (scope, key, day, currency)
);
CREATE INDEX analytics_sale_days_owner_idx ON analytics_sale_days (owner, day)
  INCLUDE (key, currency, purchases, gross, refunded) WHERE scope = 'listing';
CREATE INDEX analytics_sale_days_day_idx ON analytics_sale_days (scope, day)
  INCLUDE (key, currency, purchases, gross, refunded) WHERE scope IN ('seller', 'category');

-- Each paid order line as analytics recorded it: the primary key makes a redelivered OrderPaid a
-- no-op, refunds are attributed to lines through it, and paid_at serves the live windows.
CREATE TABLE analytics_order_lines
(
  order_id    TEXT        NOT NULL,
  line        INT         NOT NULL,
  listing_id  TEXT        NOT NULL,
  seller_id   TEXT        NOT NULL,
  category_id TEXT        NOT NULL,
  currency    TEXT        NOT NULL,
  price       BIGINT      NOT NULL CHECK (price >= 0),
  refunded    BIGINT      NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= price),
  paid_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (order_id, line)
);
CREATE INDEX analytics_order_lines_paid_at_idx ON analytics_order_lines (paid_at);

-- Refunds seen, once each; applied once the order's lines are known (an OrderRefunded delivered
-- before its OrderPaid waits here until the OrderPaid arrives).
CREATE TABLE analytics_refunds
(
  refund_id   TEXT PRIMARY KEY,
  order_id    TEXT        NOT NULL,
  currency    TEXT        NOT NULL,
  amount      BIGINT      NOT NULL CHECK (amount >= 0),
  full_refund BOOLEAN     NOT NULL,
  refunded_at TIMESTAMPTZ NOT NULL,
  applied     BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX analytics_refunds_refunded_at_idx ON analytics_refunds (refunded_at);
CREATE INDEX analytics_refunds_pending_idx ON analytics_refunds (order_id) WHERE NOT applied;

-- The top sellers of each window, recomputed by the analytics.rank-sellers job: ranking 10,000
-- sellers over 30 days of rollups takes hundreds of milliseconds, too much for every operator
-- request (docs/benchmarks.md, Marketplace analytics). One ranking per window and UTC day.
CREATE TABLE analytics_top_sellers
(
  window_name  TEXT        NOT NULL CHECK (window_name IN ('day', 'week', 'month')),
  computed_for DATE        NOT NULL,
  position     INT         NOT NULL,
  seller_id    TEXT        NOT NULL,
  views        BIGINT      NOT NULL,
  purchases    BIGINT      NOT NULL,
  computed_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (window_name, computed_for, position)
);
