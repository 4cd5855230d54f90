package dev.mercato.referrals;

import java.time.Instant;
import java.util.List;

/**
 * A referral's qualifying purchase was refunded: before vesting its held rewards were cancelled
 * ({@code vested} false, nothing to recover); after, what the wallets still held was taken back and
 * each recovery says what had been spent already. Published in the claw-back's transaction.
 */
public record ReferralClawedBack(String referralId, String referrerId, String referredId, String orderId,
        boolean vested, List<Recovery> recoveries, Instant at) {

    /** One paid reward: what was taken back and what could not be (already spent). */
    public record Recovery(String userId, String side, String kind, String asset, long clawedBack, long unrecovered) {
    }
}
