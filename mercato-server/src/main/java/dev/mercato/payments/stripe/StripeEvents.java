package dev.mercato.payments.stripe;

import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventType;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Stripe event's {@code data.object} into a {@link ProcessorEvent}. Read from the raw JSON,
 * so it does not depend on the API version the webhook endpoint was created with.
 */
final class StripeEvents {

    private StripeEvents() {
    }

    static ProcessorEvent toProcessorEvent(String id, String type, long created, String connectedAccount,
            JsonNode object) {
        String objectId = text(object, "id");
        String currency = currency(object);
        Instant at = Instant.ofEpochSecond(created);
        return switch (type) {
            case "payment_intent.amount_capturable_updated" -> payment(id, ProcessorEventType.PAYMENT_AUTHORIZED, type,
                    object, object.path("amount_capturable").asLong(0), null, connectedAccount, at);
            case "payment_intent.succeeded" -> payment(id, ProcessorEventType.PAYMENT_SUCCEEDED, type, object,
                    object.path("amount_received").asLong(0), null, connectedAccount, at);
            case "payment_intent.payment_failed" -> payment(id, ProcessorEventType.PAYMENT_FAILED, type, object,
                    object.path("amount").asLong(0), declineCode(object.path("last_payment_error")), connectedAccount, at);
            case "payment_intent.canceled" -> payment(id, ProcessorEventType.PAYMENT_CANCELED, type, object,
                    object.path("amount").asLong(0), text(object, "cancellation_reason"), connectedAccount, at);
            case "refund.created", "refund.updated", "refund.failed", "charge.refund.updated" -> {
                String status = text(object, "status");
                ProcessorEventType refund = "succeeded".equals(status) ? ProcessorEventType.REFUND_SUCCEEDED
                        : "failed".equals(status) || "canceled".equals(status) ? ProcessorEventType.REFUND_FAILED
                        : ProcessorEventType.OTHER;
                yield new ProcessorEvent(id, refund, type, objectId, text(object, "payment_intent"), connectedAccount,
                        object.path("amount").asLong(0), 0, currency, text(object, "failure_reason"), at);
            }
            case "charge.dispute.created", "charge.dispute.closed" -> {
                String status = text(object, "status");
                ProcessorEventType dispute = type.endsWith("created") ? ProcessorEventType.DISPUTE_OPENED
                        : "won".equals(status) ? ProcessorEventType.DISPUTE_WON
                        : "lost".equals(status) ? ProcessorEventType.DISPUTE_LOST : ProcessorEventType.OTHER;
                yield new ProcessorEvent(id, dispute, type, objectId, text(object, "payment_intent"), connectedAccount,
                        object.path("amount").asLong(0), disputeFee(object), currency, null, at);
            }
            case "account.updated" -> new ProcessorEvent(id, ProcessorEventType.ACCOUNT_UPDATED, type, objectId, null,
                    objectId, 0, 0, null, null, at);
            case "transfer.created", "transfer.reversed", "transfer.failed" -> {
                ProcessorEventType transfer = type.equals("transfer.created") ? ProcessorEventType.TRANSFER_PAID
                        : type.equals("transfer.reversed") ? ProcessorEventType.TRANSFER_REVERSED
                        : ProcessorEventType.TRANSFER_FAILED;
                long amount = transfer == ProcessorEventType.TRANSFER_REVERSED
                        ? object.path("amount_reversed").asLong(0) : object.path("amount").asLong(0);
                yield new ProcessorEvent(id, transfer, type, objectId, null, text(object, "destination"), amount, 0,
                        currency, null, at);
            }
            case "payout.paid", "payout.failed" -> new ProcessorEvent(id,
                    type.equals("payout.paid") ? ProcessorEventType.PAYOUT_PAID : ProcessorEventType.PAYOUT_FAILED,
                    type, objectId, null, connectedAccount, object.path("amount").asLong(0), 0, currency,
                    text(object, "failure_code"), at);
            default -> new ProcessorEvent(id, ProcessorEventType.OTHER, type, objectId, null, connectedAccount, 0, 0,
                    currency, null, at);
        };
    }

    private static ProcessorEvent payment(String id, ProcessorEventType type, String sourceType, JsonNode object,
            long amount, String failureCode, String account, Instant at) {
        String paymentId = text(object, "id");
        return new ProcessorEvent(id, type, sourceType, paymentId, paymentId, account, amount, 0, currency(object),
                failureCode, at);
    }

    /** The dispute fee shows in the dispute's balance transactions (funds withdrawn: amount and fee). */
    private static long disputeFee(JsonNode dispute) {
        long fee = 0;
        for (JsonNode transaction : dispute.path("balance_transactions")) {
            fee += transaction.path("fee").asLong(0);
        }
        return fee;
    }

    static String declineCode(JsonNode error) {
        if (error.isMissingNode() || error.isNull()) {
            return null;
        }
        String decline = text(error, "decline_code");
        return decline != null ? decline : text(error, "code");
    }

    private static String currency(JsonNode object) {
        String currency = text(object, "currency");
        return currency == null ? null : currency.toUpperCase();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
