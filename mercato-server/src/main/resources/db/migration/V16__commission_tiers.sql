-- Seller tiers for commissions: an operator flags a seller (an enterprise instructor), and rules of
-- scope 'tier' apply to that tier's sellers — more specific than category, kind or platform rules,
-- less than a rule for the seller itself or for one listing.
ALTER TABLE commission_rules DROP CONSTRAINT commission_rules_scope_check;
ALTER TABLE commission_rules ADD CONSTRAINT commission_rules_scope_check
  CHECK (scope IN ('listing', 'seller', 'tier', 'category', 'kind', 'platform'));

CREATE TABLE seller_commission_tiers
(
  seller_id  TEXT PRIMARY KEY,
  tier       TEXT        NOT NULL CHECK (tier ~ '^[a-z][a-z0-9_-]{0,31}$'),
  updated_at TIMESTAMPTZ NOT NULL
);

-- The learning platform's default: enterprise instructors keep 75 % of a course (25 % commission).
INSERT INTO commission_rules (id, scope, subject, kind, basis_points)
VALUES ('crule_tier_enterprise_course', 'tier', 'enterprise', 'course', 2500);
