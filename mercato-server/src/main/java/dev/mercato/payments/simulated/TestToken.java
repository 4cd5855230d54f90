package dev.mercato.payments.simulated;

import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentFailure;
import dev.mercato.payments.PaymentStatus;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The simulated processor's payment tokens and the outcome each one chooses. */
enum TestToken {
    VISA("tok_visa", PaymentStatus.AUTHORIZED, null, null),
    /** A second card that pays: a buyer's other payment method. */
    MASTERCARD("tok_mastercard", PaymentStatus.AUTHORIZED, null, null),
    DECLINE("tok_decline", PaymentStatus.FAILED, PaymentFailure.CARD_DECLINED, "Your card was declined."),
    INSUFFICIENT_FUNDS("tok_insufficient_funds", PaymentStatus.FAILED, PaymentFailure.INSUFFICIENT_FUNDS,
            "Your card has insufficient funds."),
    REQUIRES_ACTION("tok_requires_action", PaymentStatus.REQUIRES_ACTION, null, null),
    /** The processor fails with a 5xx: nothing is authorized. */
    PROCESSOR_ERROR("tok_processor_error", PaymentStatus.FAILED, PaymentFailure.PROCESSOR_ERROR,
            "The simulated processor had an internal error; nothing was authorized."),
    /** The authorization happens, but the answer never arrives. */
    TIMEOUT("tok_timeout", PaymentStatus.AUTHORIZED, null, null);

    final String token;
    final PaymentStatus status;
    final String failureCode;
    final String failureMessage;

    TestToken(String token, PaymentStatus status, String failureCode, String failureMessage) {
        this.token = token;
        this.status = status;
        this.failureCode = failureCode;
        this.failureMessage = failureMessage;
    }

    static TestToken of(String token) {
        return Arrays.stream(values()).filter(t -> t.token.equals(token)).findFirst()
                .orElseThrow(() -> PaymentException.invalid("invalid_payment_method", "'" + token
                        + "' is not a payment method the simulated processor knows; use one of "
                        + Arrays.stream(values()).map(t -> t.token).collect(Collectors.joining(", "))));
    }
}
