-- Search at a million listings (docs/adr/0014-search-in-postgresql.md, "Ranked set"): the title and
-- tags alone (weights A and B) as a vector of their own with its own GIN index, so that a query
-- whose words are in very many listings ranks the listings whose title or tags match first and
-- stops at the ranked-set cap, instead of ranking every description that mentions the word.
CREATE FUNCTION search_title_document(title TEXT, tags TEXT[]) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(tags, ' '), '')), 'B');

ALTER TABLE search_listings
  ADD COLUMN title_document tsvector GENERATED ALWAYS AS (search_title_document(title, tags)) STORED;
CREATE INDEX search_listings_title_document_idx ON search_listings USING gin (title_document) WITH (fastupdate = off);

-- Purchases and rating changes no longer update the wide listing row themselves: each one notes
-- what changed here (narrow rows, cheap inserts), and a loop on every instance applies what is
-- noted about once a second in one statement (a sale adds 1 to sales_30d; the hourly roll
-- subtracts the sales that left the 30-day window). A listing bought a thousand times a second
-- is then rewritten (with its text's GIN entries: such an update is never HOT) once a second, and
-- purchases of one listing never queue behind each other on its row.
CREATE TABLE search_sales_fresh
(
  order_id   TEXT NOT NULL,
  listing_id TEXT NOT NULL,
  PRIMARY KEY (order_id, listing_id)
);
CREATE TABLE search_ratings_fresh
(
  listing_id TEXT PRIMARY KEY
);
