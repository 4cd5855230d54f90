package dev.mercato.verification.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Signatures in memory only: the evaluation and the benchmark's engine-only phase. */
public final class InMemorySignatureStore implements SignatureStore {

    private final Map<String, SignatureList> campaigns = new ConcurrentHashMap<>();
    private final Map<String, SignatureList> responders = new ConcurrentHashMap<>();

    @Override
    public SignatureList.Snapshot campaign(String campaignId) {
        SignatureList list = campaignId == null ? null : campaigns.get(campaignId);
        return list == null ? SignatureList.Snapshot.EMPTY : list.snapshot();
    }

    @Override
    public SignatureList.Snapshot responder(String responderId) {
        SignatureList list = responderId == null ? null : responders.get(responderId);
        return list == null ? SignatureList.Snapshot.EMPTY : list.snapshot();
    }

    @Override
    public void add(String campaignId, String responderId, String submissionId, int[] signature) {
        campaigns.computeIfAbsent(campaignId, c -> new SignatureList()).add(submissionId, signature);
        if (responderId != null) {
            responders.computeIfAbsent(responderId, r -> new SignatureList()).add(submissionId, signature);
        }
    }
}
