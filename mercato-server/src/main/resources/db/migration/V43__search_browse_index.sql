-- Browse and facet passes without visiting the table (docs/adr/0031-search-passes-from-a-covering-index.md).
-- A category filter is now "the listing's own category is the category or one below it"
-- (category_id = ANY(subtree)), which a btree answers; every column a facet pass or the keys of a
-- browse page read is included, so such a pass is an index-only scan: ~100 bytes an entry in
-- order of category, instead of a ~1.5 kB row on its own heap page for every candidate.
CREATE INDEX search_listings_browse_idx ON search_listings (category_id, kind)
  INCLUDE (listing_id, category_path, price_amount, price_currency, rating_count, rating_mean, rating_bayesian,
           sales_30d, published_at, seller_id);

-- Filters no longer read category_path through its GIN index (only the visibility check reads the
-- column, from the index above); one index fewer to update on every write.
DROP INDEX search_listings_category_idx;

-- An index-only scan skips the table only for pages the visibility map marks all-visible; pages
-- whose rows the apply loop (sales, ratings) or a publish changed are visited until vacuumed. Vacuum
-- this table after 1 % of it changed (the default waits for 20 %), so few pages stay unmarked.
ALTER TABLE search_listings SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01,
                                 autovacuum_analyze_scale_factor = 0.02);
