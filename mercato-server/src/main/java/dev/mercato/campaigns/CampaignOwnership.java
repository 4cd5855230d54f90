package dev.mercato.campaigns;

import dev.mercato.verification.CampaignAccess;
import org.springframework.stereotype.Component;

/** Tells the verification engine whose campaign is whose: a campaign's buyer owns it. */
@Component
class CampaignOwnership implements CampaignAccess {

    private final Campaigns campaigns;

    CampaignOwnership(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public boolean owns(String userId, String campaignId) {
        return userId != null && campaigns.find(campaignId).map(c -> c.buyerId().equals(userId)).orElse(false);
    }
}
