package dev.mercato.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one charge of a subscription costs, priced before it is paid and recorded as its invoice:
 * the charge lines (plan, add-ons, usage overage, proration), the coupon's discount lines, and the
 * exclusive tax on what is left. {@code coupon}: the redemption whose period this charge uses up
 * (a period invoice under a coupon), or null.
 */
record Bill(List<Invoice.Line> lines, long subtotal, long discount, long tax, BigDecimal taxRatePercent, String coupon) {

    static final String DISCOUNT = "discount";
    static final String TAX = "tax";
    static final String ACCOUNT_CREDIT = "account_credit";

    /** What the customer pays (negative: is credited): subtotal − discount + tax. */
    long total() {
        return subtotal - discount + tax;
    }

    /** True when nothing at all is on it (a Free period): no charge, no invoice. */
    boolean empty() {
        return lines.stream().allMatch(l -> l.amount() == 0);
    }

    /**
     * Prices {@code charges} with {@code discounts} (negative amounts take off, positive ones give
     * back the unused part of an earlier discount) and tax at {@code rate} percent of the rest,
     * rounded half up (half away from zero for a credit).
     */
    static Bill of(List<Invoice.Line> charges, List<Invoice.Line> discounts, BigDecimal rate, String coupon) {
        long subtotal = charges.stream().mapToLong(Invoice.Line::amount).sum();
        List<Invoice.Line> nonZero = discounts.stream().filter(d -> d.amount() != 0).toList();
        long discount = -nonZero.stream().mapToLong(Invoice.Line::amount).sum();
        long tax = tax(subtotal - discount, rate);
        List<Invoice.Line> lines = new ArrayList<>(charges);
        lines.addAll(nonZero);
        if (tax != 0) {
            lines.add(new Invoice.Line(TAX, "Tax " + plain(rate).toPlainString() + "%", tax, null));
        }
        return new Bill(List.copyOf(lines), subtotal, discount, tax, plain(rate), coupon);
    }

    static Bill of(List<Invoice.Line> charges, BigDecimal rate) {
        return of(charges, List.of(), rate, null);
    }

    /** An issued invoice's bill: what paying it later collects and posts. */
    static Bill of(Invoice invoice) {
        return new Bill(invoice.lines().stream().filter(l -> !l.kind().equals(ACCOUNT_CREDIT)).toList(), invoice.subtotal(),
                invoice.discount(), invoice.tax(), invoice.taxRatePercent(), null);
    }

    static long tax(long taxable, BigDecimal ratePercent) {
        return BigDecimal.valueOf(taxable).multiply(ratePercent).divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** 19.0000 as 19, 7.5000 as 7.5. */
    static BigDecimal plain(BigDecimal rate) {
        BigDecimal stripped = rate.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
