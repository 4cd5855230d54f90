package dev.mercato.platform.flags;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.flags.Flag.Rule;
import dev.mercato.platform.flags.Flag.Slice;
import dev.mercato.platform.flags.Flag.Variant;
import dev.mercato.platform.flags.FlagChanges.RuleInput;
import dev.mercato.platform.flags.FlagChanges.SliceInput;
import dev.mercato.platform.flags.FlagChanges.VariantInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what an operator sent into a valid {@link Flag}, or refuses it with a 400 naming the first
 * problem: a flag that is stored can always be evaluated.
 */
final class FlagDefinitions {

    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    /** Variant keys, role names and environment names. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_VARIANTS = 50;
    private static final int MAX_VALUE = 1_000;
    private static final int MAX_RULES = 100;
    private static final int MAX_TARGETED_USERS = 10_000;
    private static final int MAX_USER_ID = 100;

    private FlagDefinitions() {
    }

    static String requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ApiException.invalid("invalid_flag_key",
                    "a flag key is 1-64 characters of a-z, 0-9, '_', '.' and '-', starting with a letter");
        }
        return key;
    }

    static Flag create(String key, String type, FlagChanges changes, Instant now) {
        requireKey(key);
        Flag.Type parsed = parseType(type);
        List<Variant> variants = parsed == Flag.Type.BOOLEAN ? booleanVariants(changes.variants())
                : variants(changes.variants());
        String defaultVariant = changes.defaultVariant() != null ? changes.defaultVariant()
                : parsed == Flag.Type.BOOLEAN ? "off" : variants.getFirst().key();
        String offVariant = changes.offVariant() != null ? changes.offVariant()
                : parsed == Flag.Type.BOOLEAN ? "off" : defaultVariant;
        return validated(new Flag(key, description(changes.description(), ""), parsed, variants, defaultVariant,
                environmentDefaults(changes.environmentDefaults(), Map.of()), offVariant, rules(changes.rules(), List.of()),
                rollout(changes.rollout(), List.of(), variants), !Boolean.FALSE.equals(changes.enabled()), 1, now, now));
    }

    static Flag change(Flag flag, FlagChanges changes, Instant now) {
        List<Variant> variants = changes.variants() == null ? flag.variants()
                : flag.type() == Flag.Type.BOOLEAN ? booleanVariants(changes.variants()) : variants(changes.variants());
        return validated(new Flag(flag.key(), description(changes.description(), flag.description()), flag.type(),
                variants, orKeep(changes.defaultVariant(), flag.defaultVariant()),
                environmentDefaults(changes.environmentDefaults(), flag.environmentDefaults()),
                orKeep(changes.offVariant(), flag.offVariant()), rules(changes.rules(), flag.rules()),
                rollout(changes.rollout(), flag.rollout(), variants),
                changes.enabled() == null ? flag.enabled() : changes.enabled(), flag.version() + 1, flag.createdAt(), now));
    }

    /** Checks that every variant the flag names exists and that a boolean flag's off variant is off. */
    private static Flag validated(Flag flag) {
        Set<String> known = new HashSet<>();
        flag.variants().forEach(v -> known.add(v.key()));
        requireVariant(known, flag.defaultVariant(), "default_variant");
        requireVariant(known, flag.offVariant(), "off_variant");
        if (flag.type() == Flag.Type.BOOLEAN && !flag.offVariant().equals("off")) {
            throw ApiException.invalid("invalid_off_variant", "a boolean flag's off variant is always 'off'");
        }
        flag.environmentDefaults().forEach((environment, variant) ->
                requireVariant(known, variant, "environment_defaults." + environment));
        flag.rules().forEach(rule -> requireVariant(known, rule.variant(), "a rule's variant"));
        flag.rollout().forEach(slice -> requireVariant(known, slice.variant(), "a rollout's variant"));
        return flag;
    }

    private static void requireVariant(Set<String> known, String variant, String field) {
        if (variant == null || !known.contains(variant)) {
            throw ApiException.invalid("unknown_variant", field + " names '" + variant + "', which is not one of "
                    + "the flag's variants " + known.stream().sorted().toList());
        }
    }

    private static Flag.Type parseType(String type) {
        if ("boolean".equals(type)) {
            return Flag.Type.BOOLEAN;
        }
        if ("variant".equals(type)) {
            return Flag.Type.VARIANT;
        }
        throw ApiException.invalid("invalid_flag_type", "type is 'boolean' or 'variant'");
    }

    private static String description(String given, String current) {
        if (given == null) {
            return current;
        }
        if (given.length() > MAX_DESCRIPTION) {
            throw ApiException.invalid("invalid_description", "description is longer than " + MAX_DESCRIPTION + " characters");
        }
        return given;
    }

    private static List<Variant> booleanVariants(List<VariantInput> given) {
        if (given != null) {
            throw ApiException.invalid("invalid_variants", "a boolean flag's variants are always 'on' and 'off'");
        }
        return Flag.BOOLEAN_VARIANTS;
    }

    private static List<Variant> variants(List<VariantInput> given) {
        if (given == null || given.size() < 2 || given.size() > MAX_VARIANTS) {
            throw ApiException.invalid("invalid_variants",
                    "a variant flag needs 2 to " + MAX_VARIANTS + " variants, each {\"key\": …, \"value\": …}");
        }
        Set<String> keys = new HashSet<>();
        List<Variant> variants = new ArrayList<>();
        for (VariantInput input : given) {
            if (input == null || input.key() == null || !NAME.matcher(input.key()).matches()) {
                throw ApiException.invalid("invalid_variants",
                        "a variant key is 1-32 characters of a-z, 0-9, '_' and '-', starting with a letter");
            }
            if (!keys.add(input.key())) {
                throw ApiException.invalid("invalid_variants", "variant '" + input.key() + "' is listed twice");
            }
            if (input.value() == null || input.value().length() > MAX_VALUE) {
                throw ApiException.invalid("invalid_variants",
                        "variant '" + input.key() + "' needs a string value of at most " + MAX_VALUE + " characters");
            }
            variants.add(new Variant(input.key(), input.value()));
        }
        return variants;
    }

    private static List<Rule> rules(List<RuleInput> given, List<Rule> current) {
        if (given == null) {
            return current;
        }
        if (given.size() > MAX_RULES) {
            throw ApiException.invalid("invalid_rule", "a flag has at most " + MAX_RULES + " rules");
        }
        int users = 0;
        List<Rule> rules = new ArrayList<>();
        for (RuleInput input : given) {
            Set<String> userIds = input == null ? Set.of() : distinct(input.userIds());
            Set<String> roles = input == null ? Set.of() : distinct(input.roles());
            if (userIds.isEmpty() && roles.isEmpty()) {
                throw ApiException.invalid("invalid_rule", "a rule names user_ids, roles or both");
            }
            if (userIds.stream().anyMatch(id -> id.isBlank() || id.length() > MAX_USER_ID)) {
                throw ApiException.invalid("invalid_rule", "a user id is 1-" + MAX_USER_ID + " characters");
            }
            if (roles.stream().anyMatch(role -> !NAME.matcher(role).matches())) {
                throw ApiException.invalid("invalid_rule", "a role is a lower-case name such as 'admin' or 'user'");
            }
            users += userIds.size();
            if (users > MAX_TARGETED_USERS) {
                throw ApiException.invalid("invalid_rule", "a flag targets at most " + MAX_TARGETED_USERS
                        + " user ids; target a role or use a rollout for more");
            }
            rules.add(new Rule(userIds, roles, input.variant()));
        }
        return rules;
    }

    /** Slices in the variants' declared order, so the order an operator lists them in moves nobody. */
    private static List<Slice> rollout(List<SliceInput> given, List<Slice> current, List<Variant> variants) {
        if (given == null) {
            return current;
        }
        Set<String> seen = new HashSet<>();
        List<Slice> slices = new ArrayList<>();
        int total = 0;
        for (SliceInput input : given) {
            if (input == null || input.percentage() == null) {
                throw ApiException.invalid("invalid_rollout", "a rollout entry is {\"variant\": …, \"percentage\": …}");
            }
            BigDecimal percentage = input.percentage();
            if (percentage.signum() <= 0 || percentage.compareTo(BigDecimal.valueOf(100)) > 0
                    || percentage.stripTrailingZeros().scale() > 2) {
                throw ApiException.invalid("invalid_rollout",
                        "a rollout percentage is more than 0 and at most 100, with at most two decimals");
            }
            if (!seen.add(String.valueOf(input.variant()))) {
                throw ApiException.invalid("invalid_rollout", "variant '" + input.variant() + "' is in the rollout twice");
            }
            int basisPoints = percentage.movePointRight(2).intValueExact();
            total += basisPoints;
            slices.add(new Slice(input.variant(), basisPoints));
        }
        if (total > Buckets.COUNT) {
            throw ApiException.invalid("invalid_rollout", "the rollout's percentages add up to "
                    + BigDecimal.valueOf(total, 2).stripTrailingZeros().toPlainString() + ", more than 100");
        }
        List<String> order = variants.stream().map(Variant::key).toList();
        slices.sort(Comparator.comparingInt(slice -> order.indexOf(slice.variant())));
        return slices;
    }

    private static Set<String> distinct(List<String> values) {
        if (values == null) {
            return Set.of();
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw ApiException.invalid("invalid_rule", "user_ids and roles hold strings");
        }
        return new LinkedHashSet<>(values);
    }

    private static Map<String, String> environmentDefaults(Map<String, String> given, Map<String, String> current) {
        if (given == null) {
            return current;
        }
        given.forEach((environment, variant) -> {
            if (!NAME.matcher(environment).matches()) {
                throw ApiException.invalid("invalid_environment",
                        "an environment name is 1-32 characters of a-z, 0-9, '_' and '-', starting with a letter");
            }
            if (variant == null) {
                throw ApiException.invalid("unknown_variant", "environment_defaults." + environment + " names no variant");
            }
        });
        return given;
    }

    private static String orKeep(String given, String current) {
        return given == null ? current : given;
    }
}
