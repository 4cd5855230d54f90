package dev.mercato.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of metered usage ({@code mercato.billing.*}).
 *
 * @param lateWindow   how old a reported usage event may be and still be counted, in the period of
 *                     its timestamp (older ones are refused per event)
 * @param futureSkew   how far ahead of the server clock an event's timestamp may be (clock skew)
 * @param maxBatch     the most events one {@code POST /v1/usage} may carry
 * @param creditPrices credits per unit of a metered quota, drawn by {@code POST /v1/usage/consume}
 *                     once the quota is spent; a feature without a price has no credit fallback
 * @param taxRatePercent the tax added to every invoice, in percent of its discounted subtotal
 *                     (exclusive tax; 0, the default, adds none), posted to the platform's tax payable
 */
@ConfigurationProperties("mercato.billing")
record BillingProperties(@DefaultValue("PT48H") Duration lateWindow, @DefaultValue("PT5M") Duration futureSkew,
        @DefaultValue("1000") int maxBatch, Map<String, Long> creditPrices, @DefaultValue("0") BigDecimal taxRatePercent) {

    BillingProperties {
        creditPrices = creditPrices == null ? Map.of() : Map.copyOf(creditPrices);
        if (taxRatePercent.signum() < 0 || taxRatePercent.compareTo(BigDecimal.valueOf(100)) > 0 || taxRatePercent.scale() > 4) {
            throw new IllegalArgumentException("mercato.billing.tax-rate-percent is 0 to 100 with at most 4 decimals");
        }
        if (lateWindow.isNegative() || futureSkew.isNegative() || maxBatch < 1) {
            throw new IllegalArgumentException("mercato.billing needs late-window, future-skew >= 0 and max-batch >= 1");
        }
        creditPrices.forEach((feature, price) -> {
            if (price == null || price < 1) {
                throw new IllegalArgumentException("mercato.billing.credit-prices." + feature + " must be at least 1");
            }
        });
    }

    /** Credits per unit of {@code feature}, or null when it has no credit fallback. */
    Long creditPrice(String feature) {
        return creditPrices.get(feature);
    }
}
