package dev.mercato.billing;

import java.time.Instant;

/**
 * What a user may do with one feature now.
 *
 * @param allowed   true when the feature is on, its limit is above zero, or its quota has units left
 * @param limit     the limit or quota, null when unlimited or not numeric
 * @param used      units consumed in the current quota period (quotas only)
 * @param remaining units left in the current quota period, null when unlimited or not a quota
 * @param resetsAt  when a quota's period ends
 * @param source    {@code plan} or {@code override}
 */
public record EntitlementCheck(String feature, String type, boolean allowed, Long limit, Long used, Long remaining,
        String value, String period, Instant resetsAt, String planId, String source) {
}
