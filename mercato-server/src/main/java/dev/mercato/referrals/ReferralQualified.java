package dev.mercato.referrals;

import java.time.Instant;

/** A referral qualified: its rewards are held until {@code vestsAt}. Published in the qualifying transaction. */
public record ReferralQualified(String referralId, String referrerId, String referredId, String qualifyOn,
        String orderId, Instant vestsAt, Instant at) {
}
