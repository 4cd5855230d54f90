package dev.mercato.rewards;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.rewards.*} (docs/rewards.md).
 *
 * @param asset           the token's ledger asset code, whole units (default {@code POT})
 * @param inflationTarget the yearly net inflation the economy aims at (0.10 = 10 %); above it the
 *                        economy figures and the {@code rewards_net_inflation_over_target} gauge warn
 */
@ConfigurationProperties("mercato.rewards")
record RewardsProperties(@DefaultValue("POT") String asset, @DefaultValue("0.10") double inflationTarget) {

    RewardsProperties {
        if (!asset.matches("[A-Z][A-Z0-9_]{1,15}")) {
            throw new IllegalArgumentException("mercato.rewards.asset must be 2 to 16 capitals, digits or _, not " + asset);
        }
        if (inflationTarget < 0 || inflationTarget > 10) {
            throw new IllegalArgumentException("mercato.rewards.inflation-target is a yearly fraction from 0 to 10");
        }
    }
}
