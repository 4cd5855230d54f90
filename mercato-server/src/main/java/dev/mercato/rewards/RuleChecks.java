package dev.mercato.rewards;

import dev.mercato.platform.ApiException;

/** What makes an earning rule valid, checked before it is stored (the table's constraints agree). */
final class RuleChecks {

    private RuleChecks() {
    }

    static void check(RewardRule r) {
        if (r.id() == null || !r.id().matches("[a-z][a-z0-9_]{1,63}")) {
            throw ApiException.invalid("invalid_rule_id", "a rule id is 2 to 64 lower-case letters, digits or _");
        }
        if (r.description() == null || r.description().isBlank() || r.description().length() > 500) {
            throw ApiException.invalid("invalid_description", "a rule needs a description of at most 500 characters");
        }
        int forms = (r.amount() != null ? 1 : 0) + (r.percentBps() != null ? 1 : 0) + (r.minAmount() != null ? 1 : 0);
        if (forms != 1 || (r.minAmount() == null) != (r.maxAmount() == null)) {
            throw ApiException.invalid("invalid_rule_amount",
                    "a rule pays exactly one way: amount, percent_bps, or min_amount with max_amount");
        }
        positive(r.amount(), "amount");
        positive(r.providerAmount(), "provider_amount");
        positive(r.minAmount(), "min_amount");
        if (r.providerAmount() != null && r.amount() == null) {
            throw ApiException.invalid("invalid_rule_amount", "provider_amount goes with a fixed amount");
        }
        if (r.maxAmount() != null && r.maxAmount() < r.minAmount()) {
            throw ApiException.invalid("invalid_rule_amount", "max_amount is below min_amount");
        }
        if (r.percentBps() != null && (r.percentBps() <= 0 || r.percentBps() > 10_000)) {
            throw ApiException.invalid("invalid_rule_amount", "percent_bps is from 1 to 10000 (100 %)");
        }
        positive(r.dailyCap() == null ? null : r.dailyCap().longValue(), "daily_cap");
        positive(r.lifetimeCap() == null ? null : r.lifetimeCap().longValue(), "lifetime_cap");
        if (r.expiresAfterDays() != null && (r.expiresAfterDays() < 1 || r.expiresAfterDays() > 36_500)) {
            throw ApiException.invalid("invalid_expires_after", "expires_after_days is from 1 to 36500, or absent for never");
        }
        if (r.cooldown() == null || r.cooldown().isNegative()) {
            throw ApiException.invalid("invalid_cooldown", "cooldown_seconds is zero or more");
        }
    }

    private static void positive(Long value, String name) {
        if (value != null && value <= 0) {
            throw ApiException.invalid("invalid_rule_amount", name + " must be positive");
        }
    }
}
