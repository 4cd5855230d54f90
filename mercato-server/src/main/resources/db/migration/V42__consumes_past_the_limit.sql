-- A consume with an id past the limit of a quota with an overage price is recorded with source
-- 'overage' (Consumption.OVERAGE); V30's check allowed only 'quota' and 'credits', so such a consume
-- failed instead of being counted and kept for its retries.
ALTER TABLE billing_consumes DROP CONSTRAINT billing_consumes_source_check;
ALTER TABLE billing_consumes ADD CONSTRAINT billing_consumes_source_check CHECK (source IN ('quota', 'overage', 'credits'));
