package dev.mercato.verification;

/**
 * Who may score a text against a campaign's earlier responses through
 * {@code POST /v1/verification/score}: novelty compares with them, so only the campaign's buyer
 * (and operators) may. The campaigns module answers it; without an answer only operators may.
 */
public interface CampaignAccess {

    /** True when {@code userId} owns campaign {@code campaignId}; false also when there is no such campaign. */
    boolean owns(String userId, String campaignId);
}
