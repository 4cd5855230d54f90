package dev.mercato.referrals;

import java.time.Instant;
import java.util.List;

/** A referral's rewards were paid to both sides. Published in the paying transaction. */
public record ReferralRewarded(String referralId, String referrerId, String referredId, List<Payment> payments,
        Instant at) {

    /** One side's payment in one kind, and what paid it (an award or a credit lot). */
    public record Payment(String userId, String side, String kind, String asset, long amount, String reference) {
    }
}
