package dev.mercato.campaigns.core;

/** What can happen to a campaign. */
public enum CampaignAction {
    FUND, TOP_UP, COMPLETE, CLOSE, EXPIRE
}
