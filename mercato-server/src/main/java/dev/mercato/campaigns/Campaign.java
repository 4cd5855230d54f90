package dev.mercato.campaigns;

import java.time.Instant;
import java.util.List;

/**
 * A buyer's request for written responses. Slots: {@code funded} were paid for into escrow; of
 * them {@code reserved} are held by responders working on them, {@code reviewing} by responses in
 * the buyer's review queue (or rejected and still appealable), {@code paid} were paid out and
 * {@code refunded} went back to the buyer. The rest are free for new tasks.
 */
public record Campaign(String id, String buyerId, String title, List<String> questions, String guidance,
        List<ScreeningQuestion> screening, String currency, long reward, long slotFee, int target, int funded,
        int reserved, int reviewing, int paid, int refunded, int minimumWords, double passThreshold,
        double borderlineThreshold, int autoApproveDays, int reservationMinutes, Instant deadline,
        CampaignStatus status, Instant createdAt, Instant updatedAt, Instant endedAt) {

    public Campaign {
        questions = List.copyOf(questions);
        screening = List.copyOf(screening);
    }

    /** Slots a new task can still take. */
    public int available() {
        return funded - reserved - reviewing - paid - refunded;
    }

    /** What the buyer pays into escrow per slot: the reward and the funding fee. */
    public long slotCost() {
        return reward + slotFee;
    }
}
