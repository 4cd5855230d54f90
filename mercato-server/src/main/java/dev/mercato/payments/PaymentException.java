package dev.mercato.payments;

import dev.mercato.platform.ApiException;
import java.util.Map;

/** A payment request refused or failed, rendered as problem+json with a stable code. */
public class PaymentException extends ApiException {

    public PaymentException(int status, String code, String message) {
        super(status, code, message);
    }

    public PaymentException(int status, String code, String message, Map<String, Object> details) {
        super(status, code, message, details);
    }

    public static PaymentException notFound(String id) {
        return new PaymentException(404, "payment_not_found", "no payment " + id);
    }

    public static PaymentException invalid(String code, String message) {
        return new PaymentException(400, code, message);
    }

    public static PaymentException conflict(String code, String message) {
        return new PaymentException(409, code, message);
    }

    public static PaymentException unprocessable(String code, String message) {
        return new PaymentException(422, code, message);
    }

    /**
     * The error a caller reports for a payment that did not end authorized: 402 for the card's
     * answers, 502 when the processor failed, 503 when its answer is unknown (the janitor will
     * settle it; do not retry with a new key).
     */
    public static PaymentException of(PaymentStatus status, String failureCode, String message, String nextActionUrl) {
        return switch (status) {
            case REQUIRES_ACTION -> new PaymentException(402, PaymentFailure.REQUIRES_ACTION,
                    "the customer must complete an authentication step", nextActionUrl == null ? Map.of()
                            : Map.of("next_action_url", nextActionUrl));
            case PENDING, UNKNOWN -> new PaymentException(503, PaymentFailure.PROCESSOR_UNAVAILABLE,
                    "the processor did not answer; the payment will be reconciled, do not retry with a new key");
            case CANCELED -> new PaymentException(409, "payment_canceled", "the payment was canceled");
            case FAILED -> failed(failureCode, message);
            case AUTHORIZED, CAPTURED -> throw new IllegalArgumentException("a " + status.code() + " payment did not fail");
        };
    }

    private static PaymentException failed(String code, String message) {
        String detail = message == null || message.isBlank() ? "the payment failed" : message;
        if (code == null) {
            return new PaymentException(402, "payment_failed", detail);
        }
        return switch (code) {
            case PaymentFailure.CARD_DECLINED, PaymentFailure.INSUFFICIENT_FUNDS -> new PaymentException(402, code, detail);
            case PaymentFailure.PROCESSOR_ERROR -> new PaymentException(502, code, detail);
            case PaymentFailure.PROCESSOR_UNAVAILABLE, PaymentFailure.NOT_PROCESSED ->
                    new PaymentException(503, PaymentFailure.PROCESSOR_UNAVAILABLE, detail);
            default -> new PaymentException(402, "payment_failed", detail, Map.of("failure_code", code));
        };
    }
}
