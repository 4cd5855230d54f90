package dev.mercato.campaigns;

import dev.mercato.campaigns.core.CampaignAction;
import dev.mercato.campaigns.core.CampaignStateMachine;
import dev.mercato.campaigns.core.PaySplit;
import dev.mercato.ledger.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one place a campaign's slots change hands, always inside a transaction that has the
 * campaign's row locked: a slot held by a task or a review is paid out, or freed — back to the
 * pool while the campaign is open, out of escrow towards the buyer once it has ended; a campaign
 * that has paid every funded slot completes; an ending campaign cancels its open tasks and
 * releases every free slot.
 */
@Component
class Slots {

    /** Where a slot being paid or freed was held. */
    enum Holder {
        TASK, REVIEW
    }

    private final Campaigns campaigns;
    private final Tasks tasks;
    private final Submissions submissions;
    private final Escrow escrow;
    private final CampaignsProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Slots(Campaigns campaigns, Tasks tasks, Submissions submissions, Escrow escrow, CampaignsProperties properties,
            ApplicationEventPublisher events, Clock clock) {
        this.campaigns = campaigns;
        this.tasks = tasks;
        this.submissions = submissions;
        this.escrow = escrow;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Pays the slot a submission holds from escrow in one ledger transaction, records the split on
     * the submission, and completes the campaign when this was its last funded slot.
     */
    Campaign pay(Campaign campaign, Submission submission, Holder holder, String approvedBy) {
        Instant now = clock.instant();
        Campaign moved = campaigns.move(campaign.id(), holder == Holder.TASK ? -1 : 0, holder == Holder.REVIEW ? -1 : 0, 1, 0,
                now);
        PaySplit slot = PaySplit.of(campaign.reward(), campaign.slotFee(), properties.protocolFeeBasisPoints(),
                properties.processorFeeBasisPoints());
        Transaction posted = escrow.pay(moved, submission, slot);
        submissions.paid(submission.id(), approvedBy, slot.earned(), slot.protocolFee(), slot.processorFee(),
                posted.id().value(), now);
        if (moved.status() == CampaignStatus.OPEN && moved.paid() == moved.funded()) {
            return end(moved, CampaignAction.COMPLETE);
        }
        return moved;
    }

    /** Frees one slot: back to the pool while the campaign is open, else refunded to the buyer. */
    Campaign free(Campaign campaign, Holder holder) {
        Campaign moved = campaigns.move(campaign.id(), holder == Holder.TASK ? -1 : 0, holder == Holder.REVIEW ? -1 : 0, 0, 0,
                clock.instant());
        return refundFree(moved, "slot_freed");
    }

    /** Frees the slots of the campaign's reserved tasks whose time ran out. */
    Campaign expireReservations(Campaign campaign) {
        Instant now = clock.instant();
        int expired = tasks.end(campaign.id(), "expired", now, now);
        if (expired == 0) {
            return campaign;
        }
        return refundFree(campaigns.move(campaign.id(), -expired, 0, 0, 0, now), "reservations_expired");
    }

    /**
     * Ends the campaign ({@code COMPLETE}, {@code CLOSE} or {@code EXPIRE}): cancels its open
     * reservations and releases every slot that nothing holds. Slots held by a submission still
     * being verified or reviewed stay in escrow until it is decided.
     */
    Campaign end(Campaign campaign, CampaignAction action) {
        Instant now = clock.instant();
        CampaignStatus status = CampaignStateMachine.next(campaign.status(), action);
        int canceled = tasks.end(campaign.id(), "canceled", null, now);
        Campaign ended = campaigns.ended(campaigns.move(campaign.id(), -canceled, 0, 0, 0, now).id(), status, now);
        int unspent = ended.available();
        long refunded = unspent > 0 ? escrow.release(ended, unspent, status.code()) : 0;
        Campaign done = unspent > 0 ? campaigns.move(ended.id(), 0, 0, 0, unspent, now) : ended;
        events.publishEvent(new CampaignEnded(done.id(), done.buyerId(), done.title(), status.code(), done.paid(),
                done.currency(), refunded, now));
        return done;
    }

    private Campaign refundFree(Campaign campaign, String reason) {
        if (!campaign.status().ended() || campaign.available() == 0) {
            return campaign;
        }
        int free = campaign.available();
        escrow.release(campaign, free, reason);
        return campaigns.move(campaign.id(), 0, 0, 0, free, clock.instant());
    }

    static Map<String, Object> summary(Campaign c) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", c.status().code());
        summary.put("target", c.target());
        summary.put("funded", c.funded());
        summary.put("reserved", c.reserved());
        summary.put("reviewing", c.reviewing());
        summary.put("paid", c.paid());
        summary.put("refunded", c.refunded());
        summary.put("reward", c.reward());
        summary.put("currency", c.currency());
        summary.put("deadline", c.deadline());
        return summary;
    }
}
