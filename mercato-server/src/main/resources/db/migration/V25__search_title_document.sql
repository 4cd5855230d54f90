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
