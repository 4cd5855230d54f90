package dev.mercato.payments.simulated;

import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorPayment;
import java.time.Instant;

/** A payment on the simulated processor's side. */
record SimulatedPayment(String id, String reference, long amount, String currency, String paymentMethod,
        PaymentStatus status, long amountCaptured, long amountRefunded, String failureCode, String failureMessage,
        String transferGroup, Instant createdAt) {

    /** This payment as an update to {@code status} and amounts leaves it. */
    SimulatedPayment updated(PaymentStatus status, long amountCaptured, long amountRefunded) {
        return new SimulatedPayment(id, reference, amount, currency, paymentMethod, status, amountCaptured, amountRefunded,
                failureCode, failureMessage, transferGroup, createdAt);
    }

    ProcessorPayment view(SimulatedUrls urls) {
        String nextAction = status == PaymentStatus.REQUIRES_ACTION ? urls.authenticate(id) : null;
        return new ProcessorPayment(id, status, amount, currency, amountCaptured, amountRefunded, nextAction,
                failureCode, failureMessage);
    }
}
