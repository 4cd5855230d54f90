package dev.mercato.platform.flags;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What an operator sends to define or change a flag. On a change, a null field keeps what the flag
 * has; an empty list or map clears it.
 */
record FlagChanges(String description, List<VariantInput> variants, String defaultVariant,
        Map<String, String> environmentDefaults, String offVariant, List<RuleInput> rules, List<SliceInput> rollout,
        Boolean enabled) {

    record VariantInput(String key, String value) {
    }

    record RuleInput(List<String> userIds, List<String> roles, String variant) {
    }

    /** {@code percentage} of users (up to two decimals: 12.5) get {@code variant}. */
    record SliceInput(String variant, BigDecimal percentage) {
    }
}
