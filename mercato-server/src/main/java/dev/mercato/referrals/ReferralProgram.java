package dev.mercato.referrals;

import dev.mercato.platform.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The operator's referral program: what qualifies a referral, what each side earns, and the fraud
 * controls' settings. A referral keeps the terms it was claimed and qualified under.
 *
 * @param qualifyOn       the event that qualifies a claimed referral
 * @param referrerCredits free credits the referrer earns (0: none)
 * @param referredCredits free credits the referred user earns (0: none)
 * @param referrerTokens  whether the referrer earns the rewards rule {@code referral}'s tokens
 * @param referredTokens  whether the referred user does
 * @param vestingDays     how long rewards are held after qualifying before they are paid (0: at once)
 * @param monthlyCap      most referrals of one referrer that qualify per UTC calendar month; null: no cap
 * @param matchWindowDays how far back an address or device the referrer was seen with counts as theirs
 * @param claimWindowDays how new an account must be to claim a code (days since it was created)
 * @param updatedAt       when an operator last saved it; null for the configured defaults
 */
public record ReferralProgram(Qualification qualifyOn, long referrerCredits, long referredCredits,
        boolean referrerTokens, boolean referredTokens, int vestingDays, Integer monthlyCap, int matchWindowDays,
        int claimWindowDays, Instant updatedAt) {

    private static final long MAX_CREDITS = 1_000_000;
    private static final int MAX_DAYS = 3650;

    /** What qualifies a referral. */
    public enum Qualification {
        /** The referred user's account exists (only the platform's backend creates users, after its own checks). */
        VERIFIED_SIGNUP,
        /** The referred user's first paid order after the claim. */
        FIRST_PURCHASE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Qualification of(String code) {
            for (Qualification q : values()) {
                if (q.code().equals(code)) {
                    return q;
                }
            }
            throw ApiException.invalid("invalid_qualify_on", "qualify_on is verified_signup or first_purchase, not " + code);
        }
    }

    /** A program with every field checked. */
    public static ReferralProgram checked(Qualification qualifyOn, long referrerCredits, long referredCredits,
            boolean referrerTokens, boolean referredTokens, int vestingDays, Integer monthlyCap, int matchWindowDays,
            int claimWindowDays, Instant updatedAt) {
        if (qualifyOn == null) {
            throw ApiException.invalid("invalid_qualify_on", "qualify_on is verified_signup or first_purchase");
        }
        if (referrerCredits < 0 || referrerCredits > MAX_CREDITS || referredCredits < 0 || referredCredits > MAX_CREDITS) {
            throw ApiException.invalid("invalid_credits", "credits per side are from 0 to " + MAX_CREDITS);
        }
        if (vestingDays < 0 || vestingDays > MAX_DAYS || matchWindowDays < 0 || matchWindowDays > MAX_DAYS
                || claimWindowDays < 1 || claimWindowDays > MAX_DAYS) {
            throw ApiException.invalid("invalid_days", "vesting_days and match_window_days are 0 to " + MAX_DAYS
                    + ", claim_window_days 1 to " + MAX_DAYS);
        }
        if (monthlyCap != null && monthlyCap < 1) {
            throw ApiException.invalid("invalid_monthly_cap", "monthly_cap is at least 1, or null for no cap");
        }
        return new ReferralProgram(qualifyOn, referrerCredits, referredCredits, referrerTokens, referredTokens,
                vestingDays, monthlyCap, matchWindowDays, claimWindowDays, updatedAt);
    }

    Duration vesting() {
        return Duration.ofDays(vestingDays);
    }

    Duration matchWindow() {
        return Duration.ofDays(matchWindowDays);
    }

    Duration claimWindow() {
        return Duration.ofDays(claimWindowDays);
    }
}
