package dev.mercato.rewards;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.rewards.*} (docs/rewards.md).
 *
 * @param asset           the token's ledger asset code, whole units (default {@code POT})
 * @param inflationTarget the yearly net inflation the economy aims at (0.10 = 10 %); above it the
 *                        economy figures and the {@code rewards_net_inflation_over_target} gauge warn
 * @param expiryInterval  how often the expiry job takes expired lots out of wallets
 * @param redemption      what tokens are redeemed for, at which rates
 */
@ConfigurationProperties("mercato.rewards")
record RewardsProperties(@DefaultValue("POT") String asset, @DefaultValue("0.10") double inflationTarget,
        @DefaultValue("PT1M") Duration expiryInterval, @DefaultValue Redemption redemption) {

    RewardsProperties {
        if (!asset.matches("[A-Z][A-Z0-9_]{1,15}")) {
            throw new IllegalArgumentException("mercato.rewards.asset must be 2 to 16 capitals, digits or _, not " + asset);
        }
        if (inflationTarget < 0 || inflationTarget > 10) {
            throw new IllegalArgumentException("mercato.rewards.inflation-target is a yearly fraction from 0 to 10");
        }
        if (expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("mercato.rewards.expiry-interval must be positive");
        }
    }

    /**
     * @param features tokens per day of each plan feature that tokens can buy as an entitlement
     *                 override (default: {@code advanced_analytics} 10, {@code priority_support} 20)
     */
    record Redemption(@DefaultValue Cash cash, @DefaultValue CreditExchange credits, Map<String, Long> features,
            @DefaultValue Voucher voucher) {

        Redemption {
            Map<String, Long> checked = new TreeMap<>();
            (features == null || features.isEmpty() ? Map.of("advanced_analytics", 10L, "priority_support", 20L) : features)
                    .forEach((feature, perDay) -> {
                        if (!feature.matches("[a-z][a-z0-9_.]{0,63}") || perDay == null || perDay < 1) {
                            throw new IllegalArgumentException("mercato.rewards.redemption.features." + feature
                                    + " must be a positive number of tokens per day for a feature name");
                        }
                        checked.put(feature, perDay);
                    });
            features = Map.copyOf(checked);
        }
    }

    /**
     * Cash for tokens: each token is worth {@code faceValue} minor units of {@code currency}; the
     * platform keeps {@code feeBps} of it (2000 = 20 %: $1.00 a token pays $0.80).
     *
     * @param minimum the fewest tokens one cash redemption takes
     */
    record Cash(@DefaultValue("USD") String currency, @DefaultValue("100") long faceValue,
            @DefaultValue("2000") int feeBps, @DefaultValue("100") long minimum) {

        Cash {
            if (!currency.matches("[A-Z]{3}") || faceValue < 1 || feeBps < 0 || feeBps >= 10_000 || minimum < 1) {
                throw new IllegalArgumentException("mercato.rewards.redemption.cash needs a currency code, a positive "
                        + "face-value, a fee-bps from 0 to 9999 and a positive minimum");
            }
        }
    }

    /**
     * Free credits for tokens.
     *
     * @param perToken     credits one token buys (80: $0.80 of credit at one cent a credit)
     * @param minimum      the fewest tokens one redemption takes
     * @param expiresAfter how long the credits last; null for never
     */
    record CreditExchange(@DefaultValue("80") long perToken, @DefaultValue("1") long minimum, Duration expiresAfter) {

        CreditExchange {
            if (perToken < 1 || minimum < 1 || (expiresAfter != null && (expiresAfter.isNegative() || expiresAfter.isZero()))) {
                throw new IllegalArgumentException("mercato.rewards.redemption.credits needs a positive per-token and "
                        + "minimum, and a positive expires-after or none");
            }
        }
    }

    /** A voucher code costs {@code tokens} and is worth {@code value} minor units of {@code currency}. */
    record Voucher(@DefaultValue("500") long tokens, @DefaultValue("500") long value, @DefaultValue("USD") String currency) {

        Voucher {
            if (tokens < 1 || value < 1 || !currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("mercato.rewards.redemption.voucher needs positive tokens and value "
                        + "and a currency code");
            }
        }
    }
}
