package dev.mercato.campaigns;

import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.ProcessorRefund;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends unspent escrow back to the buyer through the processor, as refunds of the payments that
 * funded the campaign. The money left escrow for refunds in flight when the slots were released;
 * each refund is asked for with no database transaction open, under a key derived from its row,
 * and once the processor accepts it, leaves refunds in flight for clearing. One that fails or gets
 * no answer stays pending and is asked again (same key, so never refunded twice) by the campaigns job.
 */
@Service
public class CampaignRefunds {

    private static final Logger log = LoggerFactory.getLogger(CampaignRefunds.class);
    private static final int BATCH = 100;

    private final EscrowRefunds refunds;
    private final Escrow escrow;
    private final PaymentManagement payments;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CampaignRefunds(EscrowRefunds refunds, Escrow escrow, PaymentManagement payments, TransactionTemplate transactions,
            Clock clock) {
        this.refunds = refunds;
        this.escrow = escrow;
        this.payments = payments;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Sends the campaign's pending refunds; returns how many went through. */
    int send(String campaignId) {
        int sent = 0;
        for (EscrowRefunds.Pending refund : refunds.pending(campaignId, BATCH)) {
            sent += sendOne(refund) ? 1 : 0;
        }
        return sent;
    }

    /** Every campaign's pending refunds (the job). */
    public int sendPending() {
        int sent = 0;
        List<EscrowRefunds.Pending> pending = refunds.pending(null, BATCH);
        for (EscrowRefunds.Pending refund : pending) {
            sent += sendOne(refund) ? 1 : 0;
        }
        return sent;
    }

    private boolean sendOne(EscrowRefunds.Pending refund) {
        ProcessorRefund answer;
        try {
            answer = payments.refund(refund.paymentId(), refund.amount(), "campaign-refund:" + refund.id());
        } catch (RuntimeException e) {
            log.warn("campaign {}: refund {} of {} {} on payment {} was refused ({}); retried by the campaigns job",
                    refund.campaignId(), refund.id(), refund.amount(), refund.currency(), refund.paymentId(), e.getMessage());
            return false;
        }
        if (answer.status() != ProcessorRefund.Status.SUCCEEDED && answer.status() != ProcessorRefund.Status.PENDING) {
            log.warn("campaign {}: refund {} answered {} ({}); retried by the campaigns job", refund.campaignId(), refund.id(),
                    answer.status().code(), answer.failureCode());
            return false;
        }
        return Boolean.TRUE.equals(transactions.execute(s -> {
            if (!refunds.succeeded(refund.id(), answer.id(), clock.instant())) {
                return false;
            }
            escrow.refunded(refund);
            return true;
        }));
    }
}
