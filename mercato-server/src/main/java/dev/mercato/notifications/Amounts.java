package dev.mercato.notifications;

import java.math.BigDecimal;
import java.util.Currency;

/** Shows minor units as people read them: {@code 12345, "USD"} is {@code 123.45 USD}. */
final class Amounts {

    private Amounts() {
    }

    static String format(long minor, String asset) {
        int digits = fractionDigits(asset);
        return BigDecimal.valueOf(minor, Math.max(digits, 0)).toPlainString() + " " + asset;
    }

    /** ISO 4217 currencies have a known scale; custom assets (CREDIT, POT) are shown in their units. */
    private static int fractionDigits(String asset) {
        try {
            return Currency.getInstance(asset).getDefaultFractionDigits();
        } catch (IllegalArgumentException notIso) {
            return 0;
        }
    }
}
