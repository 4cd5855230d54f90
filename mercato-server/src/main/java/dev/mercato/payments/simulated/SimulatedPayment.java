package dev.mercato.payments.simulated;

import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorPayment;
import java.time.Instant;

/** A payment on the simulated processor's side. */
record SimulatedPayment(String id, String reference, long amount, String currency, String paymentMethod,
        PaymentStatus status, long amountCaptured, long amountRefunded, String failureCode, String failureMessage,
        String transferGroup, Instant createdAt) {

    ProcessorPayment view(SimulatedUrls urls) {
        String nextAction = status == PaymentStatus.REQUIRES_ACTION ? urls.authenticate(id) : null;
        return new ProcessorPayment(id, status, amount, currency, amountCaptured, amountRefunded, nextAction,
                failureCode, failureMessage);
    }
}
