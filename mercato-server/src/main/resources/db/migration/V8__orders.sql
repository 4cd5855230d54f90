-- Checkout: commission rules, orders with their lines, and purchases (what each buyer owns).

CREATE TABLE commission_rules
(
  id           TEXT PRIMARY KEY,
  scope        TEXT    NOT NULL CHECK (scope IN ('listing', 'seller', 'category', 'kind', 'platform')),
  subject      TEXT,
  kind         TEXT,
  basis_points INT     NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
  fixed_fee    BIGINT  NOT NULL DEFAULT 0 CHECK (fixed_fee >= 0),
  minimum      BIGINT  NOT NULL DEFAULT 0 CHECK (minimum >= 0),
  CHECK ((scope = 'platform') = (subject IS NULL))
);
CREATE UNIQUE INDEX commission_rules_match_idx ON commission_rules (scope, coalesce(subject, ''), coalesce(kind, ''));

-- The platform's defaults: courses 30% (the instructor keeps 70%), services and digital products 20%.
INSERT INTO commission_rules (id, scope, subject, kind, basis_points) VALUES
  ('crule_platform_default', 'platform', NULL, NULL, 2000),
  ('crule_kind_course', 'kind', 'course', NULL, 3000),
  ('crule_kind_service', 'kind', 'service', NULL, 2000),
  ('crule_kind_digital_product', 'kind', 'digital_product', NULL, 2000);

CREATE TABLE orders
(
  id             TEXT PRIMARY KEY,
  buyer_id       TEXT        NOT NULL,
  status         TEXT        NOT NULL CHECK (status IN ('pending_payment', 'paid', 'fulfilled', 'partially_refunded',
                                                         'refunded', 'disputed', 'canceled')),
  -- where the payment stands inside pending_payment: a retried pay resumes from here
  payment_step   TEXT        NOT NULL CHECK (payment_step IN ('none', 'authorizing', 'authorized', 'captured', 'failed')),
  currency       TEXT        NOT NULL,
  total          BIGINT      NOT NULL CHECK (total >= 0),
  payment_id     TEXT,
  hold_id        TEXT,
  processor_fee  BIGINT,
  failure_code   TEXT,
  created_at     TIMESTAMPTZ NOT NULL,
  updated_at     TIMESTAMPTZ NOT NULL,
  paid_at        TIMESTAMPTZ
);
CREATE INDEX orders_buyer_idx ON orders (buyer_id, id);

CREATE TABLE order_lines
(
  order_id         TEXT   NOT NULL REFERENCES orders (id),
  line             INT    NOT NULL,
  listing_id       TEXT   NOT NULL,
  listing_version  INT    NOT NULL,
  seller_id        TEXT   NOT NULL,
  kind             TEXT   NOT NULL,
  category_id      TEXT,
  title            TEXT   NOT NULL,
  price            BIGINT NOT NULL CHECK (price >= 0),
  commission       BIGINT NOT NULL CHECK (commission >= 0 AND commission <= price),
  commission_rule  TEXT   NOT NULL,
  -- filled when the payment is captured and split
  seller_earnings  BIGINT,
  platform_revenue BIGINT,
  processor_fee    BIGINT,
  PRIMARY KEY (order_id, line)
);
CREATE INDEX order_lines_seller_idx ON order_lines (seller_id);

-- One row per buyer and one-per-buyer listing (courses, digital products): reserved while an
-- order pays, owned once it is paid. The key makes a second copy impossible, even under races.
CREATE TABLE purchases
(
  buyer_id   TEXT        NOT NULL,
  listing_id TEXT        NOT NULL,
  order_id   TEXT        NOT NULL REFERENCES orders (id),
  state      TEXT        NOT NULL CHECK (state IN ('reserved', 'owned')),
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (buyer_id, listing_id)
);
