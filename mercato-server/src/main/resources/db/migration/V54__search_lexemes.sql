-- Every lexeme of the indexed documents, so that the word being typed (a prefix, 'assess':*) can be
-- expanded into the lexemes that start with it (ADR 0044). GIN answers a prefix by reading the posting
-- lists of every lexeme it matches into a bitmap, whatever else the query asks for: "hospital assessor"
-- as typed read all ~250,000 postings of 'assessor' to keep the few listings that also hold 'hospital'
-- (74 ms of backend CPU for its facet pass at 1,000,000 listings); the same lexeme as an exact word is
-- intersected with 'hospital' inside the index (12 ms).
-- "C" collation: byte order, so the lexemes with a prefix are one range of the primary key.
-- Kept by a trigger, so that every way a row is written (the indexer, a rebuild, COPY) adds its lexemes
-- in the same transaction: a search that sees a listing sees its lexemes. Lexemes are never removed;
-- one whose listings are gone expands to an entry with no postings, which costs nothing.
CREATE TABLE search_lexemes
(
  lexeme TEXT COLLATE "C" PRIMARY KEY
);

CREATE FUNCTION search_lexemes_add() RETURNS trigger
  LANGUAGE plpgsql AS
$$
BEGIN
  INSERT INTO search_lexemes (lexeme) SELECT unnest(tsvector_to_array(NEW.document)) ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER search_listings_lexemes
  AFTER INSERT OR UPDATE OF title, tags, description ON search_listings
  FOR EACH ROW EXECUTE FUNCTION search_lexemes_add();

INSERT INTO search_lexemes (lexeme)
SELECT DISTINCT unnest(tsvector_to_array(document)) FROM search_listings
ON CONFLICT DO NOTHING;
