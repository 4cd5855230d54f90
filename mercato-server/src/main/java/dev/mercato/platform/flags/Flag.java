package dev.mercato.platform.flags;

import dev.mercato.platform.FlagContext;
import dev.mercato.platform.FlagEvaluation.Reason;
import dev.mercato.platform.FlagEvaluation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One flag as operators defined it, already validated ({@link FlagDefinitions}): every variant it
 * names exists and the rollout's slices are in the variants' declared order, together at most
 * 10,000 buckets.
 *
 * <p>Evaluation order: off (flag disabled or global kill switch) → the first matching targeting
 * rule → the user's rollout bucket → the environment's default.
 */
record Flag(String key, String description, Type type, List<Variant> variants, String defaultVariant,
        Map<String, String> environmentDefaults, String offVariant, List<Rule> rules, List<Slice> rollout,
        boolean enabled, int version, Instant createdAt, Instant updatedAt) {

    enum Type {
        BOOLEAN, VARIANT;

        String code() {
            return name().toLowerCase();
        }
    }

    /** A named outcome; a boolean flag has exactly {@code on} ("true") and {@code off} ("false"). */
    record Variant(String key, String value) {
    }

    /** Gives {@code variant} to the listed users and to every user with one of the roles. */
    record Rule(Set<String> userIds, Set<String> roles, String variant) {

        Rule {
            userIds = Set.copyOf(userIds);
            roles = Set.copyOf(roles);
        }

        boolean matches(FlagContext context) {
            return (context.userId() != null && userIds.contains(context.userId()))
                    || (context.role() != null && roles.contains(context.role()));
        }
    }

    /** {@code basisPoints} of the 10,000 rollout buckets get {@code variant} (2,000 = 20 %). */
    record Slice(String variant, int basisPoints) {
    }

    static final List<Variant> BOOLEAN_VARIANTS = List.of(new Variant("on", "true"), new Variant("off", "false"));

    /**
     * The flag as the audit trail keeps it. Variants and rules are written out as text: field names
     * such as {@code key} would otherwise be taken for secrets and redacted.
     */
    Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("type", type.code());
        state.put("description", description);
        state.put("variants", variants.stream().map(v -> v.key() + "=" + v.value()).toList());
        state.put("default_variant", defaultVariant);
        state.put("environment_defaults", environmentDefaults);
        state.put("off_variant", offVariant);
        state.put("rules", rules.stream().map(r -> "users " + r.userIds().stream().sorted().toList() + " roles "
                + r.roles().stream().sorted().toList() + " get " + r.variant()).toList());
        state.put("rollout", rollout.stream().map(s -> s.variant() + " " + s.basisPoints() / 100.0 + "%").toList());
        state.put("enabled", enabled);
        state.put("version", version);
        return state;
    }

    Flag {
        variants = List.copyOf(variants);
        environmentDefaults = Map.copyOf(environmentDefaults);
        rules = List.copyOf(rules);
        rollout = List.copyOf(rollout);
    }

    FlagEvaluation evaluate(FlagContext context, String environment, boolean killSwitch) {
        if (killSwitch || !enabled) {
            return result(offVariant, Reason.DISABLED);
        }
        for (Rule rule : rules) {
            if (rule.matches(context)) {
                return result(rule.variant(), Reason.TARGETING_MATCH);
            }
        }
        if (context.userId() != null && !rollout.isEmpty()) {
            int bucket = Buckets.of(key, context.userId());
            int upTo = 0;
            for (Slice slice : rollout) {
                upTo += slice.basisPoints();
                if (bucket < upTo) {
                    return result(slice.variant(), Reason.SPLIT);
                }
            }
        }
        String fallback = environmentDefaults.getOrDefault(environment, defaultVariant);
        return result(fallback, rules.isEmpty() && rollout.isEmpty() ? Reason.STATIC : Reason.DEFAULT);
    }

    /** The variant's value as evaluations carry it: a Boolean for a boolean flag, else the string. */
    Object valueOf(String variant) {
        String value = variants.stream().filter(v -> v.key().equals(variant)).findFirst().orElseThrow().value();
        return type == Type.BOOLEAN ? Boolean.valueOf(value) : value;
    }

    private FlagEvaluation result(String variant, Reason reason) {
        return new FlagEvaluation(valueOf(variant), variant, reason, null, version);
    }
}
