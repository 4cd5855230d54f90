package dev.mercato.rewards;

import java.time.Instant;

/**
 * An award to make under a rule.
 *
 * @param source    what earned it (an event or object id): one award per rule, user and source
 * @param provider  whether the user earns as a provider (rules may pay providers more)
 * @param value     the value a percentage rule pays a share of (minor units, e.g. a deal's price)
 * @param amount    the amount a range rule pays (content by type); null for other rules
 * @param expiresAt when these tokens expire, overriding the rule's {@code expires_after_days}; null
 *                  for the rule's expiry (none when the rule has none)
 */
public record AwardRequest(String ruleId, String userId, String source, boolean provider, Long value, Long amount,
        Instant expiresAt) {

    /** An award whose tokens expire as the rule says. */
    public AwardRequest(String ruleId, String userId, String source, boolean provider, Long value, Long amount) {
        this(ruleId, userId, source, provider, value, amount, null);
    }
}
