package dev.mercato.verification.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Novelty: the estimated Jaccard similarity of the response's word 3-shingles ({@link MinHash}) to
 * every earlier remembered response of the same campaign and to the responder's own earlier
 * responses. Copy-paste and a template with a few words changed share most shingles; two people
 * writing on the same question share almost none.
 */
public final class NoveltyScorer implements Scorer {

    /** At or below this similarity the response is new; at or above {@link #COPY} it is a copy. */
    static final double NEW = 0.12;
    static final double COPY = 0.45;
    private final SignatureStore store;

    public NoveltyScorer(SignatureStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "novelty";
    }

    @Override
    public String version() {
        return "novelty-v1+" + MinHash.VERSION;
    }

    @Override
    public double weight() {
        return 0.25;
    }

    @Override
    public boolean intrinsic() {
        return false;
    }

    public static int[] signature(Text text) {
        return MinHash.signature(text.tokens());
    }

    @Override
    public Score score(Input input) {
        int[] signature = signature(input.text());
        String campaignId = input.request().campaignId();
        String responderId = input.request().responderId();
        SignatureList.Snapshot campaign = campaignId == null ? SignatureList.Snapshot.EMPTY : store.campaign(campaignId);
        SignatureList.Snapshot own = responderId == null ? SignatureList.Snapshot.EMPTY : store.responder(responderId);
        SignatureList.Match inCampaign = campaign.closest(signature);
        SignatureList.Match inHistory = own.closest(signature);
        double worst = Math.max(inCampaign.similarity(), inHistory.similarity());
        double score = 1 - Scorer.ramp(worst, NEW, COPY);
        List<Check> failed = new ArrayList<>();
        if (inCampaign.similarity() >= (NEW + COPY) / 2) {
            failed.add(new Check("duplicate_response", "The answer closely matches an earlier answer to this campaign. Write your own answer rather than reusing another."));
        }
        if (inHistory.similarity() >= (NEW + COPY) / 2) {
            failed.add(new Check("reused_own_answer", "The answer closely matches one you gave before. Answer this prompt freshly instead of reusing a template."));
        }
        String explanation = String.format(java.util.Locale.ROOT,
                "Shares an estimated %.0f%% of its 3-word phrases with the closest of %d earlier responses to the campaign "
                        + "and %.0f%% with the closest of %d earlier responses by the same responder (new below %.0f%%, copied from %.0f%%).",
                100 * inCampaign.similarity(), campaign.count(), 100 * inHistory.similarity(), own.count(), 100 * NEW, 100 * COPY);
        return Score.of(this, score, explanation, failed);
    }
}
