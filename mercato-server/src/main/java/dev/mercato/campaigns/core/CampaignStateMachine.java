package dev.mercato.campaigns.core;

import dev.mercato.campaigns.CampaignStatus;
import java.util.Optional;

/**
 * The one transition table of campaigns: draft → open (funded) → completed | closed | expired; a
 * draft may also be closed or expire unfunded; an open campaign may be topped up. Completed, closed
 * and expired are final.
 */
public final class CampaignStateMachine {

    private static final TransitionTable<CampaignStatus, CampaignAction> TABLE =
            new TransitionTable<>(CampaignStatus.class, CampaignAction.class)
                    .allow(CampaignStatus.DRAFT, CampaignAction.FUND, CampaignStatus.OPEN)
                    .allow(CampaignStatus.DRAFT, CampaignAction.CLOSE, CampaignStatus.CLOSED)
                    .allow(CampaignStatus.DRAFT, CampaignAction.EXPIRE, CampaignStatus.EXPIRED)
                    .allow(CampaignStatus.OPEN, CampaignAction.TOP_UP, CampaignStatus.OPEN)
                    .allow(CampaignStatus.OPEN, CampaignAction.COMPLETE, CampaignStatus.COMPLETED)
                    .allow(CampaignStatus.OPEN, CampaignAction.CLOSE, CampaignStatus.CLOSED)
                    .allow(CampaignStatus.OPEN, CampaignAction.EXPIRE, CampaignStatus.EXPIRED);

    private CampaignStateMachine() {
    }

    public static Optional<CampaignStatus> target(CampaignStatus from, CampaignAction action) {
        return TABLE.target(from, action);
    }

    /** @throws IllegalStateException when {@code action} is not allowed from {@code from} */
    public static CampaignStatus next(CampaignStatus from, CampaignAction action) {
        return target(from, action).orElseThrow(() -> new IllegalStateException("a " + from.code() + " campaign cannot "
                + action.name().toLowerCase().replace('_', ' ') + (from.ended() ? "; it has ended" : "")));
    }
}
