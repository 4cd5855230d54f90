package dev.mercato.referrals;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where a referral stands, and the one place that says which moves are allowed. */
public enum ReferralStatus {
    /** Claimed; waiting for the qualifying event. */
    PENDING,
    /** Qualified and due to be paid now (no vesting, or its vesting has ended; a failed payment is retried). */
    QUALIFIED,
    /** Qualified; its rewards are held until {@code vests_at}. */
    VESTING,
    /** Both sides were paid. */
    REWARDED,
    /** Refused by a fraud control or the monthly cap, with a reason; nothing is paid. */
    REJECTED,
    /** The qualifying purchase was refunded: held rewards were cancelled, or paid ones taken back. */
    CLAWED_BACK;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReferralStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Whether a referral in this status may move to {@code next}. */
    public boolean mayBecome(ReferralStatus next) {
        return allowed().contains(next);
    }

    private Set<ReferralStatus> allowed() {
        return switch (this) {
            case PENDING -> EnumSet.of(QUALIFIED, VESTING, REJECTED);
            case VESTING -> EnumSet.of(QUALIFIED, REWARDED, CLAWED_BACK);
            case QUALIFIED -> EnumSet.of(REWARDED, CLAWED_BACK);
            case REWARDED -> EnumSet.of(CLAWED_BACK);
            case REJECTED, CLAWED_BACK -> EnumSet.noneOf(ReferralStatus.class);
        };
    }
}
