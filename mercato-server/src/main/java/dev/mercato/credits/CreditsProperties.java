package dev.mercato.credits;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.credits.*} (docs/credits.md).
 *
 * @param signupGrant    free credits every new user gets; 0 turns the signup grant off
 * @param signupExpiry   how long signup credits last, or null for never
 * @param prices         the price of one credit in minor units, per ISO 4217 currency; a top-up in a
 *                       currency not listed here is refused
 * @param minTopUp       the fewest credits one top-up buys
 * @param maxUnits       the most credits one grant, top-up or draw moves; more is refused as invalid
 * @param expiryInterval how often the expiry job takes expired credit out of wallets
 */
@ConfigurationProperties("mercato.credits")
record CreditsProperties(@DefaultValue("50") long signupGrant, Duration signupExpiry, Map<String, Long> prices,
        @DefaultValue("100") long minTopUp, @DefaultValue("1000000000") long maxUnits,
        @DefaultValue("PT1M") Duration expiryInterval) {

    CreditsProperties {
        if (signupGrant < 0 || minTopUp < 1 || maxUnits < 1 || signupGrant > maxUnits || minTopUp > maxUnits) {
            throw new IllegalArgumentException(
                    "mercato.credits needs 0 <= signup-grant <= max-units and 1 <= min-top-up <= max-units");
        }
        if (signupExpiry != null && (signupExpiry.isNegative() || signupExpiry.isZero())) {
            throw new IllegalArgumentException("mercato.credits.signup-expiry must be positive, or unset for never");
        }
        Map<String, Long> normalized = new TreeMap<>();
        (prices == null || prices.isEmpty() ? Map.of("USD", 1L, "EUR", 1L) : prices).forEach((currency, price) -> {
            String code = currency.toUpperCase(Locale.ROOT);
            if (!code.matches("[A-Z]{3}") || price == null || price < 1) {
                throw new IllegalArgumentException("mercato.credits.prices." + currency
                        + " must be a positive price in minor units of a three-letter currency");
            }
            normalized.put(code, price);
        });
        prices = Map.copyOf(normalized);
    }
}
