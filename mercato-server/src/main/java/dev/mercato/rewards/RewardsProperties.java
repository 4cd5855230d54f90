package dev.mercato.rewards;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.rewards.*} (docs/rewards.md).
 *
 * @param asset the token's ledger asset code, whole units (default {@code POT})
 */
@ConfigurationProperties("mercato.rewards")
record RewardsProperties(@DefaultValue("POT") String asset) {

    RewardsProperties {
        if (!asset.matches("[A-Z][A-Z0-9_]{1,15}")) {
            throw new IllegalArgumentException("mercato.rewards.asset must be 2 to 16 capitals, digits or _, not " + asset);
        }
    }
}
