package dev.mercato.referrals;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.referrals.*} (docs/referrals.md). The program's fields are its
 * defaults until an operator saves a program ({@code PUT /v1/referrals/program}).
 *
 * @param linkBase        what a referral link is: this followed by the code
 * @param releaseInterval how often the vesting job pays referrals whose hold has ended
 */
@ConfigurationProperties("mercato.referrals")
record ReferralsProperties(@DefaultValue("http://localhost:3000/signup?ref=") String linkBase,
        @DefaultValue("verified_signup") String qualifyOn, @DefaultValue("20") long referrerCredits,
        @DefaultValue("20") long referredCredits, @DefaultValue("true") boolean referrerTokens,
        @DefaultValue("true") boolean referredTokens, @DefaultValue("14") int vestingDays,
        @DefaultValue("20") Integer monthlyCap, @DefaultValue("30") int matchWindowDays,
        @DefaultValue("7") int claimWindowDays, @DefaultValue("PT1M") Duration releaseInterval) {

    ReferralsProperties {
        if (linkBase == null || linkBase.isBlank()) {
            throw new IllegalArgumentException("mercato.referrals.link-base is required");
        }
        if (releaseInterval.isNegative() || releaseInterval.isZero()) {
            throw new IllegalArgumentException("mercato.referrals.release-interval must be positive");
        }
        try {
            program(qualifyOn, referrerCredits, referredCredits, referrerTokens, referredTokens, vestingDays, monthlyCap,
                    matchWindowDays, claimWindowDays);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("mercato.referrals: " + e.getMessage(), e);
        }
    }

    /** The program these settings describe, checked like one an operator saves. */
    ReferralProgram program() {
        return program(qualifyOn, referrerCredits, referredCredits, referrerTokens, referredTokens, vestingDays,
                monthlyCap, matchWindowDays, claimWindowDays);
    }

    private static ReferralProgram program(String qualifyOn, long referrerCredits, long referredCredits,
            boolean referrerTokens, boolean referredTokens, int vestingDays, Integer monthlyCap, int matchWindowDays,
            int claimWindowDays) {
        return ReferralProgram.checked(ReferralProgram.Qualification.of(qualifyOn), referrerCredits, referredCredits,
                referrerTokens, referredTokens, vestingDays, monthlyCap, matchWindowDays, claimWindowDays, null);
    }
}
