package dev.mercato.referrals;

import java.util.List;
import java.util.Map;

/**
 * Referral figures of one referrer, or of the whole platform for operators.
 *
 * @param claimed      referrals claimed (every status)
 * @param byStatus     referrals per status, every status present
 * @param rejections   rejected referrals per reason
 * @param rewards      rewards per kind and asset: held, paid, clawed back, cancelled, unrecovered
 *                     (a referrer's own figures include what they earned as a referred user)
 * @param topReferrers the platform's most successful referrers (operators' figures only; else empty)
 */
public record ReferralStats(long claimed, Map<String, Long> byStatus, Map<String, Long> rejections,
        List<Rewards> rewards, List<TopReferrer> topReferrers) {

    /** One kind of reward's totals. */
    public record Rewards(String kind, String asset, long held, long paid, long clawedBack, long cancelled,
            long unrecovered) {
    }

    /** A referrer and their referrals: qualified (anything but pending or rejected), rewarded, claimed, rejected. */
    public record TopReferrer(String userId, long qualified, long rewarded, long claimed, long rejected) {
    }
}
