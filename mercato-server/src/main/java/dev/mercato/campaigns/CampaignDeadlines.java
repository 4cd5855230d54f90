package dev.mercato.campaigns;

import dev.mercato.campaigns.core.CampaignAction;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Time-driven changes (the campaigns job): campaigns past their deadline expire and release their
 * unspent escrow; reservations whose time ran out return their slots to the pool.
 */
@Service
public class CampaignDeadlines {

    private static final int BATCH = 100;

    private final Campaigns campaigns;
    private final Tasks tasks;
    private final Slots slots;
    private final CampaignRefunds refunds;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CampaignDeadlines(Campaigns campaigns, Tasks tasks, Slots slots, CampaignRefunds refunds,
            TransactionTemplate transactions, Clock clock) {
        this.campaigns = campaigns;
        this.tasks = tasks;
        this.slots = slots;
        this.refunds = refunds;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @return how many campaigns expired */
    public int expireCampaigns() {
        int expired = 0;
        for (String id : campaigns.pastDeadline(clock.instant(), BATCH)) {
            Boolean ended = transactions.execute(s -> {
                Campaign campaign = campaigns.lock(id).orElseThrow();
                Instant now = clock.instant();
                if (campaign.status().ended() || campaign.deadline().isAfter(now)) {
                    return false;
                }
                slots.end(campaign, CampaignAction.EXPIRE);
                return true;
            });
            if (Boolean.TRUE.equals(ended)) {
                refunds.send(id);
                expired++;
            }
        }
        return expired;
    }

    /** @return how many campaigns had reservations freed */
    public int expireReservations() {
        int campaignsTouched = 0;
        for (String id : tasks.campaignsWithExpired(clock.instant(), BATCH)) {
            transactions.executeWithoutResult(s -> slots.expireReservations(campaigns.lock(id).orElseThrow()));
            refunds.send(id);
            campaignsTouched++;
        }
        return campaignsTouched;
    }
}
