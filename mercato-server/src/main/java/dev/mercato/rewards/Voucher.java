package dev.mercato.rewards;

import java.time.Instant;

/**
 * A voucher code bought with tokens, worth {@code value} minor units of {@code currency}, used once.
 *
 * @param status        {@code issued} or {@code used}
 * @param usedBy        who marked it used (the platform's key's user)
 * @param usedReference what the platform used it for (an order, a partner's receipt), if it said
 */
public record Voucher(String code, String redemptionId, String userId, long value, String currency, String status,
        Instant issuedAt, Instant usedAt, String usedBy, String usedReference) {
}
