package dev.mercato.payments;

import java.time.Instant;

/**
 * A verified webhook from a processor, in Mercato's terms. Processors deliver at least once and in
 * any order; Mercato stores each event once, so listeners see it once, but should still re-read
 * the state they act on.
 *
 * @param id         the processor's event id, unique per adapter
 * @param sourceType the processor's own event type ({@code charge.dispute.created}, …)
 * @param objectId   the object the event is about (payment, refund, dispute, account, transfer, payout)
 * @param paymentId  the processor payment involved, or null
 * @param accountId  the connected account involved, or null
 * @param amount     minor units the event is about (disputed, refunded, paid out …), 0 if none
 * @param fee        a fee the processor charges with it (the dispute fee), 0 if none
 * @param failureCode why it failed, for failed events, else null
 * @param createdAt  when the processor created the event
 */
public record ProcessorEvent(String id, ProcessorEventType type, String sourceType, String objectId,
        String paymentId, String accountId, long amount, long fee, String currency, String failureCode,
        Instant createdAt) {
}
