package dev.mercato.verification;

import java.util.List;
import java.util.Optional;

/**
 * A campaign's prompt and thresholds, for {@code POST /v1/verification/score}: a buyer scoring a
 * draft answer against their campaign need not repeat what the campaign already says. The
 * campaigns module answers it (so the dependency stays campaigns → verification); without an
 * answer the request's body is all there is.
 */
public interface CampaignPrompts {

    /** What a campaign asks and how it judges. */
    record CampaignPrompt(List<String> questions, String guidance, int minimumWords, Thresholds thresholds) {

        public CampaignPrompt {
            questions = List.copyOf(questions);
        }
    }

    /** The prompt of campaign {@code campaignId}, empty when there is none. Callers check ownership first. */
    Optional<CampaignPrompt> prompt(String campaignId);
}
