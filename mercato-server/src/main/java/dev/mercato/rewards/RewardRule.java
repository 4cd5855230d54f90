package dev.mercato.rewards;

import dev.mercato.platform.ApiException;
import java.time.Duration;
import java.time.Instant;

/**
 * An operator-managed earning rule. It pays one way: a fixed {@code amount} (with
 * {@code providerAmount} for providers when it differs), {@code percentBps} of the award's value
 * (rounded down), or an amount the award picks within {@code [minAmount, maxAmount]}.
 *
 * @param dailyCap    awards per user per UTC day, or null for no cap
 * @param lifetimeCap awards per user ever, or null for no cap
 * @param cooldown    least time between two awards of the rule to one user
 * @param expiresAfterDays days the tokens of each award last; null for never
 */
public record RewardRule(String id, String description, Long amount, Long providerAmount, Integer percentBps,
        Long minAmount, Long maxAmount, Integer dailyCap, Integer lifetimeCap, Duration cooldown, boolean active,
        Instant createdAt, Instant updatedAt, Integer expiresAfterDays) {

    /** A rule whose tokens never expire. */
    public RewardRule(String id, String description, Long amount, Long providerAmount, Integer percentBps,
            Long minAmount, Long maxAmount, Integer dailyCap, Integer lifetimeCap, Duration cooldown, boolean active,
            Instant createdAt, Instant updatedAt) {
        this(id, description, amount, providerAmount, percentBps, minAmount, maxAmount, dailyCap, lifetimeCap, cooldown,
                active, createdAt, updatedAt, null);
    }

    /** The tokens this rule pays for an award, or an error saying what the award lacks. */
    long amountFor(AwardRequest request) {
        if (amount != null) {
            if (request.amount() != null) {
                throw ApiException.invalid("amount_not_allowed", "rule " + id + " pays a fixed amount; send no amount");
            }
            return request.provider() && providerAmount != null ? providerAmount : amount;
        }
        if (percentBps != null) {
            if (request.value() == null || request.value() <= 0) {
                throw ApiException.invalid("value_required",
                        "rule " + id + " pays " + percentBps / 100.0 + " % of a value: send a positive value");
            }
            try {
                return Math.multiplyExact(request.value(), (long) percentBps) / 10_000;
            } catch (ArithmeticException e) {
                throw ApiException.invalid("value_too_large", "value " + request.value() + " is too large");
            }
        }
        if (request.amount() == null || request.amount() < minAmount || request.amount() > maxAmount) {
            throw ApiException.invalid("amount_out_of_range",
                    "rule " + id + " pays an amount from " + minAmount + " to " + maxAmount + ": send one in that range");
        }
        return request.amount();
    }
}
