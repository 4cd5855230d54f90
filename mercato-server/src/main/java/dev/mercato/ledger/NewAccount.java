package dev.mercato.ledger;

import java.util.Map;

/**
 * What an account is opened with.
 *
 * @param assetScale     decimal places of a custom asset (ignored for ISO 4217 currencies); null
 *                       when the asset is already known
 * @param allowNegative  true for accounts that may go below zero without limit (the outside world,
 *                       processor clearing); user accounts usually stay at or above {@code -overdraftLimit}
 * @param stripes        1 for an ordinary account; more for a hot account whose writes are spread
 *                       over that many balance rows and summed on read
 */
public record NewAccount(AccountOwner owner, String purpose, String asset, Integer assetScale, boolean allowNegative,
        long overdraftLimit, int stripes, Map<String, String> metadata) {

    public NewAccount {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static NewAccount of(AccountOwner owner, String purpose, String asset) {
        return new NewAccount(owner, purpose, asset, null, false, 0, 1, Map.of());
    }

    public NewAccount allowingNegative() {
        return new NewAccount(owner, purpose, asset, assetScale, true, overdraftLimit, stripes, metadata);
    }

    public NewAccount striped(int count) {
        return new NewAccount(owner, purpose, asset, assetScale, allowNegative, overdraftLimit, count, metadata);
    }

    public NewAccount withScale(int scale) {
        return new NewAccount(owner, purpose, asset, scale, allowNegative, overdraftLimit, stripes, metadata);
    }

    public NewAccount withOverdraftLimit(long limit) {
        return new NewAccount(owner, purpose, asset, assetScale, allowNegative, limit, stripes, metadata);
    }
}
