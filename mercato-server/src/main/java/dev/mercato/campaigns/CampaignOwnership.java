package dev.mercato.campaigns;

import dev.mercato.verification.CampaignAccess;
import dev.mercato.verification.CampaignPrompts;
import dev.mercato.verification.Thresholds;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tells the verification engine whose campaign is whose (a campaign's buyer owns it) and what a
 * campaign asks: its questions, guidance, minimum length and thresholds.
 */
@Component
class CampaignOwnership implements CampaignAccess, CampaignPrompts {

    private final Campaigns campaigns;

    CampaignOwnership(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public boolean owns(String userId, String campaignId) {
        return userId != null && campaigns.find(campaignId).map(c -> c.buyerId().equals(userId)).orElse(false);
    }

    @Override
    public Optional<CampaignPrompt> prompt(String campaignId) {
        return campaigns.find(campaignId).map(c -> new CampaignPrompt(c.questions(), c.guidance(), c.minimumWords(),
                new Thresholds(c.passThreshold(), c.borderlineThreshold())));
    }
}
