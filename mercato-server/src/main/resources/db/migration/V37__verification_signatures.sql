-- Novelty corpus of the verification engine (docs/verification.md): the MinHash signature of every
-- remembered response, per campaign and per responder. Each instance keeps a campaign's signatures in
-- memory and reads only the rows with a higher seq than it has seen, so other instances' remembers
-- reach it on the next verification.
CREATE TABLE verification_signatures (
    seq           bigserial PRIMARY KEY,
    submission_id text        NOT NULL UNIQUE,
    campaign_id   text        NOT NULL,
    responder_id  text,
    signature     bytea       NOT NULL CHECK (octet_length(signature) = 512),
    remembered_at timestamptz NOT NULL
);

CREATE INDEX verification_signatures_campaign ON verification_signatures (campaign_id, seq);
CREATE INDEX verification_signatures_responder ON verification_signatures (responder_id, seq) WHERE responder_id IS NOT NULL;
