-- The text indexes also hold each listing's kind and own category (ADR 0034). A text search with a
-- kind or category filter then intersects the word's postings with the filter's inside the GIN
-- index, and visits only the rows that pass: "word + top category" visited every row of the word
-- (or intersected it with a bitmap of the category's 100,000 btree entries) to keep 4 % of them.
-- btree_gin gives GIN an operator class for the plain kind column; the category is the one-element
-- array ARRAY[category_id], matched by overlap with the category's subtree (ListingSearch.where).
CREATE EXTENSION IF NOT EXISTS btree_gin;

DROP INDEX search_listings_document_idx;
CREATE INDEX search_listings_document_idx ON search_listings
  USING gin (document, kind, (ARRAY[category_id])) WITH (fastupdate = off);

DROP INDEX search_listings_title_document_idx;
CREATE INDEX search_listings_title_document_idx ON search_listings
  USING gin (title_document, kind, (ARRAY[category_id])) WITH (fastupdate = off);
