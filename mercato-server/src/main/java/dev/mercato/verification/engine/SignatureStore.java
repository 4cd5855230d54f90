package dev.mercato.verification.engine;

/**
 * Where the novelty scorer finds the MinHash signatures of earlier remembered responses: per
 * campaign and per responder. {@link InMemorySignatureStore} keeps them in memory only; the server
 * stores them in PostgreSQL and keeps each campaign's in memory.
 */
public interface SignatureStore {

    /** The signatures remembered for a campaign, in the order they were remembered. */
    SignatureList.Snapshot campaign(String campaignId);

    /** The signatures of a responder's earlier responses, in every campaign. */
    SignatureList.Snapshot responder(String responderId);

    /** Remembers a signature; a submission already remembered is left as it is. */
    void add(String campaignId, String responderId, String submissionId, int[] signature);
}
