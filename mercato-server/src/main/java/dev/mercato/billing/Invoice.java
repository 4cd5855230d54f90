package dev.mercato.billing;

import java.time.Instant;
import java.util.List;

/**
 * An invoice ({@code in_…}) of one subscription charge or unpaid period, numbered without gaps
 * ({@code INV-2026-000001}) when finalized. {@code subtotal} = the charge lines (plan, add-ons,
 * usage overage, proration); {@code discount} = what the coupon took off them; {@code tax} =
 * {@code taxRatePercent} of the discounted subtotal (exclusive); {@code total} = subtotal −
 * discount + tax, the sum of every line but the account credit; {@code amountDue} = {@code total}
 * − {@code creditApplied}, never below zero (a negative total is a proration credit, moved to the
 * account credit). Every paid amount is the ledger transaction {@code ledgerTxnId}.
 */
public record Invoice(String id, String number, String userId, String subscriptionId, InvoiceStatus status, String currency,
        long subtotal, long discount, long tax, java.math.BigDecimal taxRatePercent, long total, long creditApplied, long amountDue, long amountPaid, Instant periodStart,
        Instant periodEnd, String paymentId, String ledgerTxnId, Instant createdAt, Instant finalizedAt, Instant paidAt,
        Instant voidedAt, Instant markedUncollectibleAt, List<Line> lines) {

    /**
     * {@code kind}: {@code plan}, {@code add_on}, {@code usage_overage}, {@code proration_credit},
     * {@code proration_charge}, {@code discount}, {@code tax}, {@code account_credit}.
     */
    public record Line(String kind, String description, long amount, String ledgerTxnId) {
    }

    /** Minor units as people read them: {@code 12345, "USD"} is {@code 123.45 USD} (a custom asset in its units). */
    public static String amount(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(java.util.Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        } catch (IllegalArgumentException notIso) {
            digits = 0;
        }
        return java.math.BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }

    public java.util.Map<String, Object> auditState() {
        return java.util.Map.of("number", String.valueOf(number), "status", status.code(), "total", total,
                "amount_due", amountDue, "amount_paid", amountPaid);
    }
}
