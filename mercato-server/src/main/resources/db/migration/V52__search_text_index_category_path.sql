-- The text indexes hold each listing's category path instead of its own category (ADR 0042). A text
-- search within a category asks for the one entry "the path holds the category"
-- (category_path @> ARRAY[category]); with ARRAY[category_id] it asked for the overlap with the
-- category's whole subtree, and GIN advanced one posting list per category of the subtree (49 under
-- a top category) for every candidate of the word: 15–43 ms of index scan for one word at 1,000,000
-- listings. Categories are never moved, so a listing's path is its category's.
DROP INDEX search_listings_document_idx;
CREATE INDEX search_listings_document_idx ON search_listings
  USING gin (document, kind, category_path) WITH (fastupdate = off);

DROP INDEX search_listings_title_document_idx;
CREATE INDEX search_listings_title_document_idx ON search_listings
  USING gin (title_document, kind, category_path) WITH (fastupdate = off);
