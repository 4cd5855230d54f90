package dev.mercato.campaigns;

/** Where a campaign is in its life: draft until funded, open while it takes responses, then ended. */
public enum CampaignStatus {
    DRAFT, OPEN, COMPLETED, CLOSED, EXPIRED;

    public String code() {
        return name().toLowerCase();
    }

    public boolean ended() {
        return this == COMPLETED || this == CLOSED || this == EXPIRED;
    }

    public static CampaignStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
