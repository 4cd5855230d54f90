package dev.mercato.billing;

import java.time.Instant;
import java.util.List;

/**
 * An invoice ({@code in_…}) of one subscription charge or unpaid period, numbered without gaps
 * ({@code INV-2026-000001}) when finalized. {@code total} = sum of the lines before credit and tax;
 * {@code amountDue} = {@code total} + {@code tax} − {@code creditApplied}, never below zero (a
 * negative total is a proration credit, moved to the account credit). Every paid amount is the
 * ledger transaction {@code ledgerTxnId}.
 */
public record Invoice(String id, String number, String userId, String subscriptionId, InvoiceStatus status, String currency,
        long subtotal, long tax, long total, long creditApplied, long amountDue, long amountPaid, Instant periodStart,
        Instant periodEnd, String paymentId, String ledgerTxnId, Instant createdAt, Instant finalizedAt, Instant paidAt,
        Instant voidedAt, Instant markedUncollectibleAt, List<Line> lines) {

    /** {@code kind}: {@code plan}, {@code proration_credit}, {@code proration_charge}, {@code account_credit}. */
    public record Line(String kind, String description, long amount, String ledgerTxnId) {
    }

    public java.util.Map<String, Object> auditState() {
        return java.util.Map.of("number", String.valueOf(number), "status", status.code(), "total", total,
                "amount_due", amountDue, "amount_paid", amountPaid);
    }
}
