package dev.mercato.referrals;

import java.time.Instant;

/**
 * A referred user's claim of a referrer's code and what became of it.
 *
 * @param rejectionReason why it was refused ({@code same_email}, {@code same_ip}, {@code same_device},
 *                        {@code monthly_cap_reached}); null unless rejected
 * @param orderId         the purchase that qualified it ({@code first_purchase} programs)
 * @param lastError       why paying it failed last time (the job retries), else null
 */
public record Referral(String id, String referrerId, String referredId, String code, ReferralStatus status,
        String rejectionReason, ReferralProgram.Qualification qualifyOn, String orderId, Instant claimedAt,
        Instant qualifiedAt, Instant vestsAt, Instant rewardedAt, Instant clawedBackAt, String lastError) {
}
