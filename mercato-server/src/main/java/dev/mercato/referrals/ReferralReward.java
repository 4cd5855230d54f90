package dev.mercato.referrals;

import java.time.Instant;

/**
 * What a qualified referral gives one side in one kind.
 *
 * @param side          {@code referrer} or {@code referred}
 * @param kind          {@code tokens} (the rewards rule {@code referral}) or {@code credits} (free credits)
 * @param amount        what was held while the referral vested
 * @param status        {@code held}, {@code paid}, {@code cancelled} (clawed back before it vested) or
 *                      {@code clawed_back} (taken back after it was paid)
 * @param paid          what the rewards or credits module paid on release
 * @param clawedBack    what was taken back after payment
 * @param unrecovered   what could not be taken back (already spent)
 * @param paidReference the award ({@code rwd_…}) or credit lot ({@code clot_…}) that paid it
 */
public record ReferralReward(String id, String referralId, String userId, String side, String kind, String asset,
        long amount, String status, long paid, long clawedBack, long unrecovered, String paidReference,
        Instant createdAt, Instant paidAt, Instant clawedBackAt) {
}
