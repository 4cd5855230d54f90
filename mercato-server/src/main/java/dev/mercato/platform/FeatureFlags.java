package dev.mercato.platform;

import java.util.Map;

/**
 * Operator-managed feature flags, evaluated in memory from this instance's snapshot of all flags
 * (never a database query). The shape follows OpenFeature: an evaluation carries the value, the
 * variant and the reason, so an OpenFeature provider is a thin wrapper (docs/feature-flags.md).
 */
public interface FeatureFlags {

    /** Evaluates one flag for the context; an unknown key answers {@link FlagEvaluation.Reason#ERROR}. */
    FlagEvaluation evaluate(String key, FlagContext context);

    /** Every flag evaluated for the context, by key. */
    Map<String, FlagEvaluation> evaluateAll(FlagContext context);

    /** The environment whose defaults apply on this instance ({@code development}, {@code production} …). */
    String environment();

    /** True when a boolean flag is on for the context; false for an unknown flag or a variant flag. */
    default boolean isOn(String key, FlagContext context) {
        return Boolean.TRUE.equals(evaluate(key, context).value());
    }

    /** The variant the context gets ({@code on}/{@code off} for a boolean flag), or null for an unknown flag. */
    default String variant(String key, FlagContext context) {
        return evaluate(key, context).variant();
    }
}
