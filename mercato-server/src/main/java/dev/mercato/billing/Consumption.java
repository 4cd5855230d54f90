package dev.mercato.billing;

/**
 * The outcome of consuming units of a metered quota.
 *
 * @param check        the quota after the consume
 * @param consumedFrom {@code quota}, {@code overage} (past the limit of a plan quota with an overage
 *                     price: billed on the renewal invoice) or {@code credits} (the quota was spent and
 *                     the units were paid with prepaid credits)
 * @param credits      credits drawn (0 from the quota)
 * @param drawId       the credit draw ({@code cdr_…}), null from the quota
 * @param replayed     true when the caller's consume id had been used: this is the first outcome
 *                     and nothing was consumed again
 */
public record Consumption(EntitlementCheck check, String consumedFrom, long credits, String drawId, boolean replayed) {

    public static final String QUOTA = "quota";
    public static final String CREDITS = "credits";
    public static final String OVERAGE = "overage";
}
